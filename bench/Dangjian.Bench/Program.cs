using System.Globalization;
using Dangjian.Bench;
using Dangjian.Bench.Generate;
using Dangjian.Bench.Http;

// dotnet run --project bench/Dangjian.Bench -c Release -- generate --members 5000000 --connection "<npgsql>" [--seed N] [--reset]
// dotnet run --project bench/Dangjian.Bench -c Release -- http --connection "<npgsql>" [--app-url http://127.0.0.1:5099]
//     [--requests 200] [--warmup 20] [--out results.md] [--explain plans.txt] [--only org-,initials] [--matrix]
// dotnet run --project bench/Dangjian.Bench -c Release -- import (--connection "<npgsql, a private copy>" | --sqlite FILE) [--rows 100000] [--series N]
if (args.Length > 0 && args[0] == "import")
{
    var import = Arguments.Parse(args.Skip(1));
    return await ImportBenchmark.RunAsync(new ImportBenchmark.Options(import.GetValueOrDefault("connection"), import.GetValueOrDefault("sqlite"),
        int.Parse(import.GetValueOrDefault("rows", "100000").Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        import.GetValueOrDefault("user", import.ContainsKey("connection") ? "bench-county" : "admin"), "dangjian2026", import.GetValueOrDefault("app-url", "http://127.0.0.1:5187"),
        int.Parse(import.GetValueOrDefault("series", "0"), CultureInfo.InvariantCulture)));
}
// dotnet run --project bench/Dangjian.Bench -c Release -- export --connection "<npgsql>" [--runs 5] [--stream-user bench-county] [--job-user bench-province]
if (args.Length > 0 && args[0] == "export")
{
    var export = Arguments.Parse(args.Skip(1));
    return await ExportBenchmark.RunAsync(new ExportBenchmark.Options(export.GetValueOrDefault("connection") ?? throw new ArgumentException("--connection is required"),
        export.GetValueOrDefault("app-url", "http://127.0.0.1:5188"), int.Parse(export.GetValueOrDefault("runs", "5"), CultureInfo.InvariantCulture),
        export.GetValueOrDefault("stream-user", "bench-county"), export.GetValueOrDefault("job-user", "bench-province"), "dangjian2026"));
}
if (args.Length == 0 || args[0] is not ("generate" or "http" or "move"))
{
    Console.Error.WriteLine("usage: generate --members N --connection CONN [--seed N] [--reset]");
    Console.Error.WriteLine("       http --connection CONN [--app-url URL] [--requests N] [--warmup N] [--out FILE] [--explain FILE] [--only KEY,KEY] [--matrix]");
    Console.Error.WriteLine("       move --connection CONN [--copy mv] [--keep-copy] [--reuse-copy]   (copies CONN's database, moves a county and a street there and back)");
    return 2;
}
var options = Arguments.Parse(args.Skip(1));
var connection = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("DANGJIAN_POSTGRES")
    ?? throw new ArgumentException("--connection is required");
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

if (args[0] == "generate")
{
    await Generator.RunAsync(new Generator.Options(connection, Int("members", 5_000_000), Int("seed", 20261122), options.ContainsKey("reset")));
}
else if (args[0] == "move")
{
    await MoveBenchmark.RunAsync(new MoveBenchmark.Options(connection, new Npgsql.NpgsqlConnectionStringBuilder(connection).Database ?? "dangjian_bench",
        options.GetValueOrDefault("copy") ?? "mv", options.ContainsKey("keep-copy"), options.ContainsKey("reuse-copy")));
}
else
{
    await HttpBenchmark.RunAsync(new HttpBenchmark.Options(connection, options.GetValueOrDefault("app-url"), Int("requests", 200), Int("warmup", 20),
        options.GetValueOrDefault("out"), options.GetValueOrDefault("explain"), options.GetValueOrDefault("only"), options.ContainsKey("matrix")));
}
return 0;
