using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dangjian.Features.Members;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Platform;

/// <summary>
/// Every operation of the OpenAPI document, sent good and bad input generated from its own schemas: wrong types,
/// missing and null fields, huge strings, extreme numbers, odd Unicode, unknown enum names, dates that cannot be
/// true, ids of records in another area, malformed JSON and wrong content types. No answer may be a server error; every
/// refusal is problem details in Chinese, and every per-field message is keyed by a field the request really has.
/// Routes added later are fuzzed without being listed here. The number of requests (DANGJIAN_FUZZ_REQUESTS) and the
/// seed (DANGJIAN_FUZZ_SEED) make a run repeatable.
/// </summary>
public partial class ApiFuzzTests(AppFactory app) : DemoApiTest(app)
{
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("DANGJIAN_FUZZ_REQUESTS"), out var n) ? n : 10_000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("DANGJIAN_FUZZ_SEED"), out var s) ? s : 2026;

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\ud800", "\udfff\ud800", "\u202e反转", "\u200b\u200b", "𠀀𠀁𪚥", "👨‍👩‍👧‍👦", "e\u0301\u0301\u0301", "'; DROP TABLE \"Members\"; --",
        "<script>alert(1)</script>", "%00", "../../etc/passwd", "NaN", "null", "\\", "\"", "\r\n", "ﷺ", "Ａ１", "１２３",
    ];

    private static readonly JsonNode?[] OddNumbers =
    [
        -1, 0, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1.5, -0.0, JsonNode.Parse("1e30"), JsonNode.Parse("99999999999999999999999"),
    ];

    private static readonly string[] OddDates = ["2999-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "昨天", "2026/10/01", "20261001"];

    private sealed record Pools(Dictionary<string, List<long>> Ids, List<long> All);

    private sealed record Case(string Method, string Url, HttpContent? Content, string Mutation, ApiContract.Operation Operation, bool Local,
        (string Field, bool Over)? Limit);

    [Fact]
    public async Task Every_operation_answers_generated_good_and_bad_input_without_a_server_error_and_refuses_in_Chinese_naming_the_field()
    {
        var contract = await App.ContractAsync();
        var admin = await As("admin");
        // A branch secretary: nearly every id of the demo lies outside that account's subtree.
        var local = await As("yanzhong");
        var pools = await LoadPools();
        var random = new Random(Seed);
        var operations = contract.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal))
            // The token route is for signing in, which has its own tests and limits; fuzzing it would only lock accounts.
            // Signing out takes no input to fuzz and ends the fuzzing accounts' sessions: every later request would sign in again.
            .Where(o => !o.Path.EndsWith("/auth/token", StringComparison.Ordinal) && !o.Path.EndsWith("/auth/sign-out", StringComparison.Ordinal))
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
        operations.Count.ShouldBeGreaterThan(20);
        var perOperation = Math.Max(10, Requests / operations.Count);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        foreach (var operation in operations)
        {
            for (var i = 0; i < perOperation; i++)
            {
                var request = Build(operation, contract, pools, random, i);
                using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url) { Content = request.Content };
                sent++;
                HttpResponseMessage response;
                try
                {
                    response = await (request.Local ? local : admin).SendAsync(message);
                }
                catch (ContractViolationException e)
                {
                    failures.Add($"[{request.Mutation}] {e.Message}");
                    continue;
                }
                using (response)
                {
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    var body = await response.Content.ReadAsStringAsync();
                    var problem = Judge(operation, contract, status, response.Content.Headers.ContentType?.MediaType, body)
                        ?? JudgeLimit(request, status, body);
                    if (problem is not null)
                    {
                        failures.Add($"[{request.Mutation}] {request.Method} {Shorten(request.Url)} → {status}: {problem}\n  body: {Shorten(body)}");
                    }
                    if (status == 201)
                    {
                        Harvest(operation, body, pools);
                    }
                }
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz: {sent} requests, seed {Seed}, statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        failures.ShouldBeEmpty($"{failures.Count} of {sent} fuzzed requests (seed {Seed}) went wrong; the first:\n" + string.Join("\n", failures.Take(25)));
        await AssertPathsAgreeWithTree();
    }

    /// <summary>What is wrong with an answer, or null.</summary>
    private static string? Judge(ApiContract.Operation operation, ApiContract contract, int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return "a server error";
        }
        if (status < 400)
        {
            return null;
        }
        if (mediaType != "application/problem+json")
        {
            return $"a refusal as {mediaType ?? "nothing"}, not problem details";
        }
        JsonObject problem;
        try
        {
            problem = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException)
        {
            return "problem details that are not JSON";
        }
        var text = $"{problem["title"]} {problem["detail"]}";
        if (!Chinese().IsMatch(text))
        {
            return "a refusal without a Chinese title or detail";
        }
        if (problem["errors"] is JsonObject errors)
        {
            if (errors.Count == 0)
            {
                return "a 400 that names no field";
            }
            var inputs = Inputs(operation, contract);
            foreach (var (field, messages) in errors)
            {
                if (!inputs.Contains(Normalize(field)))
                {
                    return $"an error keyed “{field}”, which is no field of the request (fields: {string.Join(", ", inputs.Order(StringComparer.Ordinal))})";
                }
                if (messages is not JsonArray list || list.Count == 0 || list.Any(m => m is null || !Chinese().IsMatch(m.ToString())))
                {
                    return $"the messages for “{field}” are not Chinese sentences";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// A text over its documented limit is never accepted; a text at the limit is not refused for its length. (A use case
    /// may refuse for another field first, such as an id outside the caller's area, so an over-long text need not be named.)
    /// </summary>
    private static string? JudgeLimit(Case request, int status, string body)
    {
        if (request.Limit is not { } limit)
        {
            return null;
        }
        var named = status == 400 && JsonNode.Parse(body)?["errors"] is JsonObject errors
            && errors.Any(e => Normalize(e.Key) == limit.Field && e.Value is JsonArray messages && messages.Any(m => m!.ToString().Contains("超过", StringComparison.Ordinal)));
        if (limit.Over && status is >= 200 and < 300)
        {
            return $"a text longer than the documented limit of “{limit.Field}” was accepted";
        }
        return !limit.Over && named ? $"a text exactly at the documented limit of “{limit.Field}” was refused as too long" : null;
    }

    /// <summary>The names a per-field message may be keyed by: "body", the parameters, and every property path of the body.</summary>
    private static HashSet<string> Inputs(ApiContract.Operation operation, ApiContract contract)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "body" };
        foreach (var parameter in operation.Node["parameters"]?.AsArray() ?? [])
        {
            names.Add(Normalize(parameter!["name"]!.GetValue<string>()));
        }
        foreach (var (_, media) in operation.Node["requestBody"]?["content"]?.AsObject() ?? [])
        {
            AddPaths(media?["schema"], "", names, contract, 0);
        }
        return names;
    }

    private static void AddPaths(JsonNode? schema, string prefix, HashSet<string> names, ApiContract contract, int depth)
    {
        schema = Resolve(schema, contract);
        if (schema is null || depth > 4)
        {
            return;
        }
        foreach (var branch in schema["oneOf"]?.AsArray() ?? [])
        {
            AddPaths(branch, prefix, names, contract, depth + 1);
        }
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            names.Add(Normalize(path));
            AddPaths(property, path, names, contract, depth + 1);
        }
        if (schema["items"] is { } items)
        {
            AddPaths(items, prefix, names, contract, depth + 1);
        }
    }

    /// <summary>"Member.Households[2]" → "member.households": indices and the case of the first letters do not matter.</summary>
    private static string Normalize(string field) =>
        string.Join('.', Regex.Replace(field, @"\[\d*\]", "").Split('.').Where(p => p.Length > 0).Select(p => char.ToLowerInvariant(p[0]) + p[1..]));

    private Case Build(ApiContract.Operation operation, ApiContract contract, Pools pools, Random random, int index)
    {
        var local = random.Next(6) == 0;
        var mutation = index % 3 == 0 ? "valid" : Pick(random, ["field", "field", "field", "body", "path", "query"]);
        var url = new StringBuilder();
        var segments = operation.Path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            url.Append('/');
            if (segments[i].StartsWith('{'))
            {
                url.Append(mutation == "path" ? Pick(random, ["0", "-1", "9223372036854775807", "99999999999999999999", "abc", "%20", "1.5"]) : Id(segments[i - 1], pools, random).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                url.Append(segments[i]);
            }
        }
        var parameters = (operation.Node["parameters"]?.AsArray() ?? []).Where(p => p!["in"]?.GetValue<string>() == "query").ToList();
        var query = new List<string>();
        var mutatedParameter = mutation == "query" && parameters.Count > 0 ? random.Next(parameters.Count) : -1;
        for (var i = 0; i < parameters.Count; i++)
        {
            var name = parameters[i]!["name"]!.GetValue<string>();
            if (i != mutatedParameter && random.Next(3) == 0)
            {
                continue;
            }
            var value = i == mutatedParameter ? OddQueryValue(random) : Scalar(Value(parameters[i]!["schema"], name, contract, pools, random, 0));
            query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        }
        if (query.Count > 0)
        {
            url.Append('?').Append(string.Join('&', query));
        }

        (string Field, bool Over)? limit = null;
        var content = operation.Node["requestBody"]?["content"]?.AsObject();
        HttpContent? body = null;
        var describe = mutation;
        if (content?["application/json"]?["schema"] is { } bodySchema)
        {
            var value = Value(bodySchema, "", contract, pools, random, 0);
            var limited = (Resolve(bodySchema, contract)?["properties"]?.AsObject() ?? [])
                .Where(p => Resolve(p.Value, contract)?["maxLength"] is not null).Select(p => (p.Key, Max: Resolve(p.Value, contract)!["maxLength"]!.GetValue<int>())).ToList();
            if (mutation == "field" && value is JsonObject bounded && limited.Count > 0 && random.Next(3) == 0)
            {
                // The documented limit is the enforced one: at the limit the field is not refused for its length, one
                // character over it the request is refused and the field named.
                var (name, max) = limited[random.Next(limited.Count)];
                var over = random.Next(2) == 0;
                bounded[name] = new string('张', over ? max + 1 : max);
                describe = $"field {name} {(over ? "over" : "at")} its limit {max}";
                limit = (name, over);
            }
            else if (mutation == "field" && value is JsonObject fields && fields.Count > 0)
            {
                var name = fields.Select(f => f.Key).ElementAt(random.Next(fields.Count));
                describe = $"field {name}";
                MutateField(fields, name, random, pools);
            }
            body = mutation == "body" ? OddBody(random, value, out describe) : JsonBody(value);
        }
        else if (content?["multipart/form-data"] is not null)
        {
            var form = new MultipartFormDataContent();
            var bytes = mutation == "valid" ? MemberSheet.Template() : RandomBytes(random);
            form.Add(new ByteArrayContent(bytes), random.Next(4) == 0 ? "other" : "file", "members.xlsx");
            body = mutation == "body" ? JsonBody(new JsonObject { ["file"] = "x" }) : form;
        }
        return new Case(operation.Method, url.ToString(), body, $"{operation.Id} {describe}{(local ? " as yanzhong" : "")}", operation, local, limit);
    }

    private static void MutateField(JsonObject fields, string name, Random random, Pools pools)
    {
        switch (random.Next(10))
        {
            case 0:
                fields.Remove(name);
                break;
            case 1:
                fields[name] = null;
                break;
            case 2:
                fields[name] = Pick(random, [(JsonNode)"文字", 12345, true, new JsonArray(1, 2), new JsonObject { ["a"] = 1 }]);
                break;
            case 3:
                fields[name] = string.Concat(Enumerable.Repeat(Pick(random, ["x", "党", "𠀀"]), random.Next(4) == 0 ? 200_000 : 5_000));
                break;
            case 4:
                fields[name] = OddNumbers[random.Next(OddNumbers.Length)]?.DeepClone();
                break;
            case 5:
                fields[name] = Pick(random, OddStrings);
                break;
            case 6:
                fields[name] = Pick(random, ["NotAName", "full", "1", "Full,Probationary", " Full"]);
                break;
            case 7:
                fields[name] = Pick(random, OddDates);
                break;
            case 8:
                fields[name] = pools.All[random.Next(pools.All.Count)];
                break;
            default:
                fields[name] = new JsonArray(Pick(random, OddStrings), null, 3);
                break;
        }
    }

    private static HttpContent OddBody(Random random, JsonNode? valid, out string describe)
    {
        var text = valid?.ToJsonString() ?? "{}";
        switch (random.Next(9))
        {
            case 0:
                describe = "body truncated";
                return new StringContent(text[..Math.Max(1, text.Length / 2)], Encoding.UTF8, "application/json");
            case 1:
                describe = "body as text/plain";
                return new StringContent(text, Encoding.UTF8, "text/plain");
            case 2:
                describe = "body as XML";
                return new StringContent("<a>1</a>", Encoding.UTF8, "application/xml");
            case 3:
                describe = "body as a form";
                return new FormUrlEncodedContent([new("name", "x")]);
            case 4:
                describe = "empty body";
                return new StringContent("", Encoding.UTF8, "application/json");
            case 5:
                describe = "body not an object";
                return new StringContent(Pick(random, ["[]", "null", "\"text\"", "123", "true", "[{}]"]), Encoding.UTF8, "application/json");
            case 6:
                describe = "body with invalid UTF-8";
                return new ByteArrayContent([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            case 7:
                describe = "body nested deeply";
                return new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json");
            default:
                describe = "body with duplicate and unknown fields";
                return new StringContent(text.Length > 2 ? "{\"zzz\":1,\"zzz\":2," + text[1..] : "{\"zzz\":1}", Encoding.UTF8, "application/json");
        }
    }

    private static string OddQueryValue(Random random) => random.Next(4) switch
    {
        0 => Pick(random, OddStrings),
        1 => Pick(random, ["-1", "0", "99999999999999999999", "1e5", "abc", "true", "NotAName", "1,2"]),
        2 => new string('搜', random.Next(2) == 0 ? 51 : 3000),
        _ => Pick(random, OddDates),
    };

    private static int _unique;

    /// <summary>A value its schema accepts (as far as a schema can tell: the server has rules the schema does not).</summary>
    private static JsonNode? Value(JsonNode? schema, string name, ApiContract contract, Pools pools, Random random, int depth)
    {
        schema = Resolve(schema, contract);
        if (schema is null || depth > 4)
        {
            return null;
        }
        if (schema["oneOf"] is JsonArray branches)
        {
            var concrete = branches.Where(b => Resolve(b, contract)?["type"]?.ToString() != "null").ToList();
            return concrete.Count == 0 || random.Next(8) == 0 ? null : Value(concrete[random.Next(concrete.Count)], name, contract, pools, random, depth + 1);
        }
        if (schema["enum"] is JsonArray values)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => schema["properties"] is not null ? ["object"] : [],
        };
        if (types.Contains("null") && random.Next(6) == 0)
        {
            return null;
        }
        var type = types.FirstOrDefault(t => t != "null");
        var field = name.Split('.')[^1];
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                {
                    result[property] = Value(propertySchema, property, contract, pools, random, depth + 1);
                }
                return result;
            case "array":
                var array = new JsonArray();
                for (var i = random.Next(3); i > 0; i--)
                {
                    array.Add(Value(schema["items"], field, contract, pools, random, depth + 1));
                }
                return array;
            case "integer":
                if (field.EndsWith("Id", StringComparison.OrdinalIgnoreCase) || field == "id")
                {
                    return Id(field, pools, random);
                }
                var min = (long?)schema["minimum"]?.GetValue<double>() ?? 0;
                var max = (long?)schema["maximum"]?.GetValue<double>() ?? 30;
                return random.NextInt64(min, Math.Min(max, min + 60) + 1);
            case "number":
                return random.Next(0, 100);
            case "boolean":
                return random.Next(2) == 0;
            case "string":
                return Text(schema, field, random);
            default:
                return null;
        }
    }

    /// <summary>Text a real client would send for a field of this name, within the schema's length.</summary>
    private static string Text(JsonNode schema, string field, Random random)
    {
        var unique = Interlocked.Increment(ref _unique);
        if (schema["format"]?.GetValue<string>() == "date")
        {
            return DateOnly.FromDateTime(DateTime.Today).AddDays(-random.Next(1, 20_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        var text = field switch
        {
            "idNumber" => ChineseIdNumber.Compose("410102", new DateOnly(1960, 1, 1).AddDays(random.Next(15_000)), random.Next(1, 999), random.Next(2) == 0 ? Sex.Male : Sex.Female),
            "phone" => "139" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            "duesPaidThrough" => "2026-" + random.Next(1, 12).ToString("00", CultureInfo.InvariantCulture),
            "ethnicity" => Pick(random, ["汉族", "回族", "满族"]),
            "flags" => Pick(random, ["serving", "retired,lost", "mobile"]),
            "direction" => Pick(random, ["out", "in"]),
            "sort" => Pick(random, ["name", "joined", "-joined"]),
            "userName" => $"fz{Seed}u{unique}",
            "letterNumber" or "receiptNumber" => $"FZ-{Seed}-{unique}",
            _ when field.Contains("password", StringComparison.OrdinalIgnoreCase) => $"Fz{unique}x9q{random.Next(100_000)}",
            _ => string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => Pick(random, "党建工作平台组织关系转接测试张王李赵一二三".ToCharArray()))),
        };
        var max = schema["maxLength"]?.GetValue<int>() ?? int.MaxValue;
        return text.Length > max ? text[..max] : text;
    }

    private static long Id(string name, Pools pools, Random random)
    {
        var key = name.ToLowerInvariant() switch
        {
            var n when n.Contains("organization") || n.Contains("parent") || n.Contains("group") => "organizations",
            var n when n.StartsWith("member", StringComparison.Ordinal) => "members",
            var n when n.StartsWith("unit", StringComparison.Ordinal) => "units",
            var n when n.StartsWith("transfer", StringComparison.Ordinal) || n.StartsWith("letter", StringComparison.Ordinal) => "transfers",
            var n => n,
        };
        var pool = pools.Ids.TryGetValue(key, out var ids) && ids.Count > 0 && random.Next(10) > 0 ? ids : pools.All;
        return pool[random.Next(pool.Count)];
    }

    private async Task<Pools> LoadPools()
    {
        var ids = new Dictionary<string, List<long>>(StringComparer.Ordinal)
        {
            ["organizations"] = await App.WithDbAsync(db => db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync()),
            ["members"] = await App.WithDbAsync(db => db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => m.Id).Take(300).ToListAsync()),
            ["units"] = await App.WithDbAsync(db => db.Units.AsNoTracking().Select(u => u.Id).ToListAsync()),
            ["transfers"] = await App.WithDbAsync(db => db.Transfers.AsNoTracking().Select(t => t.Id).ToListAsync()),
        };
        var all = ids.Values.SelectMany(v => v).Distinct().Order().ToList();
        all.Add(987_654_321);
        return new Pools(ids, all);
    }

    /// <summary>Records created along the way become ids for later requests (a new letter can then be received or cancelled).</summary>
    private static void Harvest(ApiContract.Operation operation, string body, Pools pools)
    {
        var resource = operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "";
        if (JsonNode.Parse(body)?["id"] is JsonValue id && id.TryGetValue<long>(out var value) && pools.Ids.TryGetValue(resource, out var pool))
        {
            pool.Add(value);
        }
    }

    private static JsonNode? Resolve(JsonNode? schema, ApiContract contract)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is JsonValue reference; i++)
        {
            schema = contract.Document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
        }
        return schema;
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static StringContent JsonBody(JsonNode? value) => new(value?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        if (bytes.Length > 4 && random.Next(2) == 0)
        {
            bytes[0] = 0x50; // "PK": looks like a zip, is not one
            bytes[1] = 0x4b;
            bytes[2] = 3;
            bytes[3] = 4;
        }
        return bytes;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
