using System.Globalization;
using Dangjian.Bench;
using Dangjian.Bench.Generate;
using Dangjian.Bench.Http;

// dotnet run --project bench/Dangjian.Bench -c Release -- generate --members 5000000 --connection "<npgsql>" [--seed N] [--reset] [--modules tree,members]
// dotnet run --project bench/Dangjian.Bench -c Release -- http --connection "<npgsql>" [--app-url http://127.0.0.1:5099]
//     [--requests 200] [--warmup 20] [--out results.md] [--explain plans.txt] [--only org-,initials] [--matrix] [--scopes province,city]
// dotnet run --project bench/Dangjian.Bench -c Release -- sqlite-county --connection "<npgsql>" --out county.db [--account bench-county]
// dotnet run --project bench/Dangjian.Bench -c Release -- http --sqlite county.db [--matrix] …   (the same benchmark on the SQLite file)
// dotnet run --project bench/Dangjian.Bench -c Release -- pages --connection "<npgsql>" [--app-url URL] [--requests 100] [--warmup 10] [--out bench/results/pages.md]
// dotnet run --project bench/Dangjian.Bench -c Release -- import (--connection "<npgsql, a private copy>" | --sqlite FILE) [--rows 100000] [--series N] [--job] [--reader bench-street]
if (args.Length > 0 && args[0] == "import")
{
    var import = Arguments.Parse(args.Skip(1));
    return await ImportBenchmark.RunAsync(new ImportBenchmark.Options(import.GetValueOrDefault("connection"), import.GetValueOrDefault("sqlite"),
        int.Parse(import.GetValueOrDefault("rows", "100000").Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        import.GetValueOrDefault("user", import.ContainsKey("connection") ? "bench-county" : "admin"), "dangjian2026", import.GetValueOrDefault("app-url", "http://127.0.0.1:5187"),
        int.Parse(import.GetValueOrDefault("series", "0"), CultureInfo.InvariantCulture), import.ContainsKey("job"),
        import.GetValueOrDefault("reader", import.ContainsKey("connection") ? "bench-street" : "admin")));
}
// dotnet run --project bench/Dangjian.Bench -c Release -- export --connection "<npgsql>" [--runs 5] [--stream-user bench-county] [--job-user bench-province]
if (args.Length > 0 && args[0] == "export")
{
    var export = Arguments.Parse(args.Skip(1));
    return await ExportBenchmark.RunAsync(new ExportBenchmark.Options(export.GetValueOrDefault("connection") ?? throw new ArgumentException("--connection is required"),
        export.GetValueOrDefault("app-url", "http://127.0.0.1:5188"), int.Parse(export.GetValueOrDefault("runs", "5"), CultureInfo.InvariantCulture),
        export.GetValueOrDefault("stream-user", "bench-county"), export.GetValueOrDefault("job-user", "bench-province"), "dangjian2026"));
}
if (args.Length > 0 && args[0] == "http" && Arguments.Parse(args.Skip(1)) is var sqliteHttp && sqliteHttp.TryGetValue("sqlite", out var sqliteFile))
{
    int Of(string name, int fallback) => sqliteHttp.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    await HttpBenchmark.RunAsync(new HttpBenchmark.Options("", sqliteHttp.GetValueOrDefault("app-url"), Of("requests", 200), Of("warmup", 20),
        sqliteHttp.GetValueOrDefault("out"), null, sqliteHttp.GetValueOrDefault("only"), sqliteHttp.ContainsKey("matrix"), sqliteFile,
        sqliteHttp.GetValueOrDefault("scopes")));
    return 0;
}
if (args.Length > 0 && args[0] == "pages")
{
    var pages = Arguments.Parse(args.Skip(1));
    int PagesInt(string name, int fallback) => pages.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    return await PagesBenchmark.RunAsync(new PagesBenchmark.Options(
        pages.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("DANGJIAN_POSTGRES") ?? throw new ArgumentException("--connection is required"),
        pages.GetValueOrDefault("app-url"), PagesInt("requests", 100), PagesInt("warmup", 10), pages.GetValueOrDefault("out")));
}
if (args.Length == 0 || args[0] is not ("generate" or "http" or "move" or "sqlite-county"))
{
    Console.Error.WriteLine("usage: generate --members N --connection CONN [--seed N] [--reset] [--modules tree,members]");
    Console.Error.WriteLine("       http --connection CONN [--app-url URL] [--requests N] [--warmup N] [--out FILE] [--explain FILE] [--only KEY,KEY] [--matrix] [--scopes NAME,NAME]");
    Console.Error.WriteLine("       http --sqlite FILE [same options]   (a SQLite file made by sqlite-county)");
    Console.Error.WriteLine("       sqlite-county --connection CONN --out FILE [--account bench-county]   (one county of CONN's province as a SQLite file)");
    Console.Error.WriteLine("       pages --connection CONN [--app-url URL] [--requests 100] [--warmup 10] [--out bench/results/pages.md]");
    Console.Error.WriteLine("       export --connection CONN [--runs 5] [--stream-user bench-county] [--job-user bench-province]");
    Console.Error.WriteLine("       move --connection CONN [--copy mv] [--keep-copy] [--reuse-copy]   (copies CONN's database, moves a county and a street there and back)");
    return 2;
}
var options = Arguments.Parse(args.Skip(1));
var connection = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("DANGJIAN_POSTGRES")
    ?? throw new ArgumentException("--connection is required");
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

if (args[0] == "generate")
{
    await Generator.RunAsync(new Generator.Options(connection, Int("members", 5_000_000), Int("seed", 20261122), options.ContainsKey("reset"),
        options.GetValueOrDefault("modules")));
}
else if (args[0] == "sqlite-county")
{
    await SqliteCounty.RunAsync(new SqliteCounty.Options(connection, options.GetValueOrDefault("out") ?? throw new ArgumentException("--out is required"),
        options.GetValueOrDefault("account", "bench-county")));
}
else if (args[0] == "move")
{
    await MoveBenchmark.RunAsync(new MoveBenchmark.Options(connection, new Npgsql.NpgsqlConnectionStringBuilder(connection).Database ?? "dangjian_bench",
        options.GetValueOrDefault("copy") ?? "mv", options.ContainsKey("keep-copy"), options.ContainsKey("reuse-copy")));
}
else
{
    await HttpBenchmark.RunAsync(new HttpBenchmark.Options(connection, options.GetValueOrDefault("app-url"), Int("requests", 200), Int("warmup", 20),
        options.GetValueOrDefault("out"), options.GetValueOrDefault("explain"), options.GetValueOrDefault("only"), options.ContainsKey("matrix"),
        Scopes: options.GetValueOrDefault("scopes")));
}
return 0;
