using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// The app's own OpenAPI document, as a checker of responses: every answer of an /api route must carry a status the
/// document lists for its operation, one of the content types listed for that status, and a JSON body that its schema
/// accepts. Every test client goes through <see cref="ContractCheck"/>, so the document cannot drift from the code.
/// </summary>
public sealed class ApiContract
{
    private readonly List<Operation> _operations;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private int _schemaCount;

    public ApiContract(string documentJson)
    {
        Document = JsonNode.Parse(documentJson)!.AsObject();
        // Schemas refer to each other as #/components/schemas/X; inside one JSON Schema they become #/$defs/X.
        _definitions = JsonNode.Parse(Rewrite(Document["components"]?["schemas"]?.ToJsonString() ?? "{}"))!.AsObject();
        _operations = [];
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                _operations.Add(new Operation(method.ToUpperInvariant(), path, Template(path), operation!.AsObject(),
                    path.Count(c => c == '{')));
            }
        }
        // A literal segment wins over a parameter (/members/stats before /members/{id}).
        _operations.Sort((a, b) => a.Parameters.CompareTo(b.Parameters));
    }

    public JsonObject Document { get; }

    public IReadOnlyList<Operation> Operations => _operations;

    public sealed record Operation(string Method, string Path, Regex Template, JsonObject Node, int Parameters)
    {
        public string Id => Node["operationId"]?.GetValue<string>() ?? $"{Method} {Path}";

        public JsonObject Responses => Node["responses"]!.AsObject();
    }

    public Operation? Find(string method, string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return _operations.FirstOrDefault(o => o.Method == method && o.Template.IsMatch(trimmed));
    }

    /// <summary>What is wrong with a response, or nothing; requests outside /api are not the document's business.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return [];
        }
        var operation = Find(request.Method.Method, path);
        if (operation is null)
        {
            return [];
        }
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{request.Method} {path} ({operation.Id}) answered {status}";
        if (operation.Responses[status] is not JsonObject documented)
        {
            return [$"{where}, which the OpenAPI document does not list (it lists {string.Join(", ", operation.Responses.Select(r => r.Key))}): "
                + "declare it on the route (.Produces / .ProducesProblem)"];
        }
        var body = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (documented["content"] is not JsonObject content || content.Count == 0)
        {
            return body.Length == 0 ? [] : [$"{where} with a body ({mediaType}), but the document lists no content for it"];
        }
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return [$"{where} as {mediaType ?? "no content type"}, but the document lists {string.Join(", ", content.Select(c => c.Key))}"];
        }
        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schemaNode)
        {
            return [];
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"{where} with a body that is not JSON: {e.Message}"];
        }
        using (json)
        {
            var schema = _schemas.GetOrAdd($"{operation.Id} {status} {mediaType}", _ => Build(schemaNode));
            var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
            if (result.IsValid)
            {
                return [];
            }
            var reasons = Failures(result).Distinct().Take(8);
            var text = System.Text.Encoding.UTF8.GetString(body);
            return [$"{where} with a body its schema refuses: {string.Join("; ", reasons)}\n  body: {(text.Length > 600 ? text[..600] + "…" : text)}"];
        }
    }

    private static IEnumerable<string> Failures(EvaluationResults result)
    {
        foreach (var (keyword, error) in result.Errors ?? new Dictionary<string, string>())
        {
            yield return $"{result.InstanceLocation} ({keyword}): {error}";
        }
        foreach (var detail in result.Details ?? [])
        {
            foreach (var failure in Failures(detail))
            {
                yield return failure;
            }
        }
    }

    private JsonSchema Build(JsonNode responseSchema)
    {
        var root = JsonNode.Parse(Rewrite(responseSchema.ToJsonString()))!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        var id = Interlocked.Increment(ref _schemaCount);
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://contract.dangjian.invalid/{Guid.NewGuid():N}/{id}"));
    }

    private static string Rewrite(string json) => json.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

    private static Regex Template(string path) =>
        new("^" + Regex.Replace(Regex.Escape(path.TrimEnd('/')), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
}

/// <summary>Fails the request whose response the OpenAPI document does not describe.</summary>
public sealed class ContractCheck(Func<Task<ApiContract>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content is not null)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        var problems = await (await contract()).CheckAsync(request, response);
        if (problems.Count > 0)
        {
            throw new ContractViolationException(string.Join("\n", problems));
        }
        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);
