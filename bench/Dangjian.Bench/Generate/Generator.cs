using System.Diagnostics;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Dangjian.Bench.Generate;

/// <summary>`generate`: creates (or resets) the database, applies the app's migrations and fills it with a province.</summary>
public static class Generator
{
    /// <param name="Modules">Comma-separated modules to generate (<see cref="GeneratorModules"/>); null: all of them.</param>
    public sealed record Options(string Connection, int Members, int Seed, bool Reset, string? Modules = null);

    public static async Task RunAsync(Options options)
    {
        var total = Stopwatch.StartNew();
        var connection = new NpgsqlConnectionStringBuilder(options.Connection) { CommandTimeout = 0, IncludeErrorDetail = true }.ConnectionString;
        var modules = GeneratorModules.Resolve(options.Modules);
        Console.WriteLine("modules: " + string.Join(", ", modules.Select(m => m.Name)));
        await PrepareDatabaseAsync(connection, options.Reset);

        var step = Stopwatch.StartNew();
        await using (var db = new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql(connection).Options))
        {
            await db.Database.MigrateAsync();
            if (await db.Organizations.AnyAsync())
            {
                throw new InvalidOperationException("The database already holds organizations: pass --reset to drop and recreate it.");
            }
        }
        Report("migrations applied", step);

        step.Restart();
        var tree = ProvinceTree.Build(options.Members, options.Seed);
        Report($"tree built: {tree.All.Count:N0} organizations ({tree.Counties.Count} counties, {tree.Branches.Count:N0} branches, "
            + $"{tree.All.Count(o => o.Level == Level.Group):N0} Party groups), {tree.UnitCount:N0} units", step);

        await using var source = NpgsqlDataSource.Create(connection);
        await using var main = await source.OpenConnectionAsync();
        await LoadSettingsAsync(main);
        var tables = modules.SelectMany(m => m.Tables).ToList();
        step.Restart();
        var schema = await BulkSchema.DropAsync(main, tables);
        Report($"dropped {schema.ConstraintCount} keys and {schema.IndexCount} indexes for the load", step);

        var context = new GenerationContext(options, source, main, tree, new long[(tree.All.Count + 1) * MemberFactory.Cells]);
        foreach (var module in modules)
        {
            step.Restart();
            Report($"{module.Name}: {await module.LoadAsync(context)}", step);
        }

        step.Restart();
        await schema.RestoreAsync(main, (name, elapsed) => Console.WriteLine($"    {elapsed.TotalSeconds,7:F1} s  {name}"));
        foreach (var table in tables)
        {
            // Tables keyed by an identity column: the next id follows the loaded ones.
            await using var identity = new NpgsqlCommand(
                "SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'Id' AND (is_identity = 'YES' OR column_default LIKE 'nextval%')", main)
            {
                Parameters = { new() { Value = table } },
            };
            if (await identity.ExecuteScalarAsync() is not null)
            {
                await BulkSchema.Execute(main, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))");
            }
        }
        Report("keys, indexes and foreign keys rebuilt", step);

        step.Restart();
        await using (var db = new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql(connection).Options))
        {
            var rows = await new Dangjian.Features.Organizations.UnitTallyBackfill().RunAsync(db, CancellationToken.None);
            Report($"unit tallies counted by the app's backfill: {rows:N0} rows", step);
        }

        step.Restart();
        // VACUUM, not only ANALYZE: it sets the visibility map, without which no index-only scan can skip the heap.
        foreach (var table in tables)
        {
            await BulkSchema.Execute(main, $"VACUUM (FREEZE, ANALYZE) \"{table}\"");
        }
        Report("vacuumed and analyzed", step);

        step.Restart();
        var accounts = await BenchAccounts.CreateAsync(connection, tree, id => SubtreeMembers(context.Tallies, id));
        Report("benchmark accounts created: " + string.Join(", ", accounts.Select(a => $"{a.UserName} ({a.Scope}: {a.OrganizationName}, {a.Members:N0} members)")), step);

        // Each module's share of the disk, so that a benchmark can say what it needs built.
        foreach (var module in modules)
        {
            var sizes = string.Join(", ", module.Tables.Select(t => $"'\"{t}\"'"));
            await using var size = new NpgsqlCommand(
                $"SELECT pg_size_pretty(sum(pg_total_relation_size(t))), pg_size_pretty(sum(pg_indexes_size(t))) FROM unnest(ARRAY[{sizes}]::regclass[]) AS t", main);
            await using var reader = await size.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"{module.Name}: {reader.GetString(0)} with indexes ({reader.GetString(1)} of indexes) in {string.Join(", ", module.Tables)}");
        }
        await using (var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", main))
        {
            Console.WriteLine($"database {await size.ExecuteScalarAsync()}");
        }
        Console.WriteLine($"done in {total.Elapsed.TotalSeconds:F0} s. Start the app with PersonalData__Key={BenchKey.Base64}");
    }

    private static void Report(string what, Stopwatch step) => Console.WriteLine($"{step.Elapsed.TotalSeconds,8:F1} s  {what}");

    private static async Task PrepareDatabaseAsync(string connection, bool reset)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection);
        var name = builder.Database ?? throw new InvalidOperationException("The connection string must name a database.");
        builder.Database = "postgres";
        await using var server = new NpgsqlConnection(builder.ConnectionString);
        await server.OpenAsync();
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        if (reset)
        {
            await BulkSchema.Execute(server, $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)");
        }
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", server) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync() is null)
        {
            await BulkSchema.Execute(server, $"CREATE DATABASE {quoted}");
        }
    }

    internal static async Task LoadSettingsAsync(NpgsqlConnection connection)
    {
        await BulkSchema.Execute(connection, "SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2");
    }

    internal static async Task CopyOrganizationsAsync(NpgsqlConnection connection, ProvinceTree tree)
    {
        var established = new DateOnly(2010, 7, 1);
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY \"Organizations\" (\"Id\", \"ParentId\", \"Path\", \"Depth\", \"Name\", \"Kind\", \"UnitId\", \"CommitteeSize\", \"EstablishedOn\", \"Version\") FROM STDIN (FORMAT BINARY)");
        foreach (var o in tree.All)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(o.Id, NpgsqlDbType.Bigint);
            await WriteNullableAsync(copy, o.Parent?.Id, NpgsqlDbType.Bigint);
            await copy.WriteAsync(o.Path, NpgsqlDbType.Text);
            await copy.WriteAsync(o.Depth, NpgsqlDbType.Integer);
            await copy.WriteAsync(o.Name, NpgsqlDbType.Text);
            await copy.WriteAsync(o.Kind.ToString(), NpgsqlDbType.Text);
            await WriteNullableAsync(copy, o.UnitId, NpgsqlDbType.Bigint);
            await WriteNullableAsync(copy, o.CommitteeSize, NpgsqlDbType.Integer);
            await copy.WriteAsync(established.AddDays((int)(o.Id % 3000)), NpgsqlDbType.Date);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync();
        await copy.DisposeAsync();

        // The organization picker's keys, as the app's save step would write them.
        await using var keys = await connection.BeginBinaryImportAsync(
            "COPY \"OrganizationSearchKeys\" (\"OrganizationId\", \"Position\", \"Name\", \"Initials\", \"Path\") FROM STDIN (FORMAT BINARY)");
        foreach (var o in tree.All)
        {
            foreach (var key in OrganizationSearchKey.Of(o.Id, o.Name, o.Path))
            {
                await keys.StartRowAsync();
                await keys.WriteAsync(key.OrganizationId, NpgsqlDbType.Bigint);
                await keys.WriteAsync(key.Position, NpgsqlDbType.Integer);
                await keys.WriteAsync(key.Name, NpgsqlDbType.Text);
                await keys.WriteAsync(key.Initials, NpgsqlDbType.Text);
                await keys.WriteAsync(key.Path, NpgsqlDbType.Text);
            }
        }
        await keys.CompleteAsync();
    }

    /// <summary>
    /// Counties are made in parallel (encryption dominates) while this thread streams finished counties, in order,
    /// into two COPY streams on two connections: members and their name grams.
    /// </summary>
    internal static async Task<(long Members, long Grams)> CopyMembersAsync(NpgsqlDataSource source, ProvinceTree tree, Options options, long[] tallies)
    {
        var factory = new MemberFactory(new PersonalDataProtector(BenchKey.Bytes), options.Seed);
        await using var memberConnection = await source.OpenConnectionAsync();
        await using var gramConnection = await source.OpenConnectionAsync();
        await LoadSettingsAsync(memberConnection);
        await LoadSettingsAsync(gramConnection);
        await using var memberCopy = await memberConnection.BeginBinaryImportAsync(
            """
            COPY "Members" ("Id", "OrganizationId", "OrgPath", "Name", "NamePinyin", "NameInitials", "Sex", "Ethnicity", "BirthDate",
              "IdNumberCipher", "IdNumberHash", "IdNumberTail", "Education", "Category", "JoinedOn", "FullMemberOn", "JobPost", "PhoneCipher",
              "PhoneHash", "Address", "Status", "LostContact", "LostContactSince", "IsMobile", "MobileDestination", "WorkStatus", "IsAssisting",
              "PartyGroupId", "IdentityPost", "IdentityPostTitle", "ContactRoad", "Version") FROM STDIN (FORMAT BINARY)
            """);
        await using var gramCopy = await gramConnection.BeginBinaryImportAsync("COPY \"MemberNameGrams\" (\"Gram\", \"MemberId\", \"OrgPath\", \"NamePinyin\", \"Category\", \"Status\", \"Flags\", \"JoinedOn\", \"BirthDate\") FROM STDIN (FORMAT BINARY)");

        var counties = tree.Counties;
        var pending = new Queue<Task<MemberFactory.CountyBatch>>();
        var next = 0;
        void StartNext()
        {
            var index = next++;
            pending.Enqueue(Task.Run(() => factory.Make(counties[index], index, tallies)));
        }
        while (pending.Count < Math.Max(2, Environment.ProcessorCount) && next < counties.Count)
        {
            StartNext();
        }
        long members = 0;
        long grams = 0;
        var progress = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            var batch = await pending.Dequeue();
            if (next < counties.Count)
            {
                StartNext();
            }
            foreach (var m in batch.Members)
            {
                await WriteMemberAsync(memberCopy, m);
                foreach (var gram in MemberNameGram.For(m))
                {
                    await gramCopy.StartRowAsync();
                    await gramCopy.WriteAsync(gram.Gram, NpgsqlDbType.Text);
                    await gramCopy.WriteAsync(gram.MemberId, NpgsqlDbType.Bigint);
                    await gramCopy.WriteAsync(gram.OrgPath, NpgsqlDbType.Text);
                    await gramCopy.WriteAsync(gram.NamePinyin, NpgsqlDbType.Text);
                    await gramCopy.WriteAsync(gram.Category.ToString(), NpgsqlDbType.Text);
                    await gramCopy.WriteAsync(gram.Status.ToString(), NpgsqlDbType.Text);
                    await gramCopy.WriteAsync(gram.Flags, NpgsqlDbType.Integer);
                    await gramCopy.WriteAsync(gram.JoinedOn, NpgsqlDbType.Date);
                    await gramCopy.WriteAsync(gram.BirthDate, NpgsqlDbType.Date);
                    grams++;
                }
            }
            members += batch.Members.Count;
            if (progress.Elapsed > TimeSpan.FromSeconds(15))
            {
                Console.WriteLine($"    {members:N0} members so far");
                progress.Restart();
            }
        }
        await memberCopy.CompleteAsync();
        await gramCopy.CompleteAsync();
        return (members, grams);
    }

    private static async Task WriteMemberAsync(NpgsqlBinaryImporter copy, Member m)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(m.Id, NpgsqlDbType.Bigint);
        await copy.WriteAsync(m.OrganizationId, NpgsqlDbType.Bigint);
        await copy.WriteAsync(m.OrgPath, NpgsqlDbType.Text);
        await copy.WriteAsync(m.Name, NpgsqlDbType.Text);
        await copy.WriteAsync(m.NamePinyin, NpgsqlDbType.Text);
        await copy.WriteAsync(m.NameInitials, NpgsqlDbType.Text);
        await copy.WriteAsync(m.Sex.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(m.Ethnicity, NpgsqlDbType.Text);
        await copy.WriteAsync(m.BirthDate, NpgsqlDbType.Date);
        await copy.WriteAsync(m.IdNumberCipher, NpgsqlDbType.Text);
        await copy.WriteAsync(m.IdNumberHash, NpgsqlDbType.Text);
        await copy.WriteAsync(m.IdNumberTail, NpgsqlDbType.Text);
        await copy.WriteAsync(m.Education.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(m.Category.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(m.JoinedOn, NpgsqlDbType.Date);
        await WriteNullableAsync(copy, m.FullMemberOn, NpgsqlDbType.Date);
        await WriteNullableAsync(copy, m.JobPost, NpgsqlDbType.Text);
        await WriteNullableAsync(copy, m.PhoneCipher, NpgsqlDbType.Text);
        await WriteNullableAsync(copy, m.PhoneHash, NpgsqlDbType.Text);
        await WriteNullableAsync(copy, m.Address, NpgsqlDbType.Text);
        await copy.WriteAsync(m.Status.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(m.LostContact, NpgsqlDbType.Boolean);
        await WriteNullableAsync(copy, m.LostContactSince, NpgsqlDbType.Date);
        await copy.WriteAsync(m.IsMobile, NpgsqlDbType.Boolean);
        await WriteNullableAsync(copy, m.MobileDestination, NpgsqlDbType.Text);
        await copy.WriteAsync(m.WorkStatus.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(m.IsAssisting, NpgsqlDbType.Boolean);
        await WriteNullableAsync(copy, m.PartyGroupId, NpgsqlDbType.Bigint);
        await WriteNullableAsync(copy, m.IdentityPost?.ToString(), NpgsqlDbType.Text);
        await WriteNullableAsync(copy, m.IdentityPostTitle, NpgsqlDbType.Text);
        await WriteNullableAsync(copy, m.ContactRoad, NpgsqlDbType.Text);
        await copy.WriteAsync(m.Version, NpgsqlDbType.Integer);
    }

    /// <summary>Direct counts of the branches, summed up the tree: every organization gets its subtree's counts.</summary>
    internal static void Propagate(ProvinceTree tree, long[] tallies)
    {
        // Depth-first order lists parents before children, so walking it backwards adds children before their parents move on.
        for (var i = tree.All.Count - 1; i >= 0; i--)
        {
            var node = tree.All[i];
            if (node.Parent is null)
            {
                continue;
            }
            for (var c = 0; c < MemberFactory.Cells; c++)
            {
                tallies[node.Parent.Id * MemberFactory.Cells + c] += tallies[node.Id * MemberFactory.Cells + c];
            }
        }
    }

    public static long SubtreeMembers(long[] tallies, long orgId)
    {
        long sum = 0;
        for (var c = 0; c < MemberFactory.Cells; c++)
        {
            sum += tallies[orgId * MemberFactory.Cells + c];
        }
        return sum;
    }

    internal static async Task<long> CopyTalliesAsync(NpgsqlConnection connection, ProvinceTree tree, long[] tallies)
    {
        long rows = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY \"MemberTallies\" (\"OrganizationId\", \"Category\", \"Status\", \"Flags\", \"Count\") FROM STDIN (FORMAT BINARY)");
        foreach (var node in tree.All)
        {
            foreach (var category in Enum.GetValues<MemberCategory>())
            {
                foreach (var status in Enum.GetValues<MembershipStatus>())
                {
                    for (var flags = 0; flags < MemberFactory.FlagValues; flags++)
                    {
                        var count = tallies[node.Id * MemberFactory.Cells + MemberFactory.Cell(category, status, flags)];
                        if (count == 0)
                        {
                            continue;
                        }
                        await copy.StartRowAsync();
                        await copy.WriteAsync(node.Id, NpgsqlDbType.Bigint);
                        await copy.WriteAsync(category.ToString(), NpgsqlDbType.Text);
                        await copy.WriteAsync(status.ToString(), NpgsqlDbType.Text);
                        await copy.WriteAsync(flags, NpgsqlDbType.Integer);
                        await copy.WriteAsync(count, NpgsqlDbType.Bigint);
                        rows++;
                    }
                }
            }
        }
        await copy.CompleteAsync();
        return rows;
    }

    internal static async Task CopyUnitsAsync(NpgsqlConnection connection, ProvinceTree tree, long[] tallies)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY \"Units\" (\"Id\", \"Name\", \"Kind\", \"IsAboveScale\", \"AreaOrganizationId\", \"AreaPath\", \"CoveringOrganizationId\", \"PartyMemberCount\", \"EmployeeCount\") FROM STDIN (FORMAT BINARY)");
        foreach (var node in tree.All.Where(o => o.UnitId is not null))
        {
            var street = node.Parent!;
            await copy.StartRowAsync();
            await copy.WriteAsync(node.UnitId!.Value, NpgsqlDbType.Bigint);
            await copy.WriteAsync(node.UnitName!, NpgsqlDbType.Text);
            await copy.WriteAsync((node.IsVillage ? UnitKind.Village : UnitKind.Community).ToString(), NpgsqlDbType.Text);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            await copy.WriteAsync(street.Id, NpgsqlDbType.Bigint);
            await copy.WriteAsync(street.Path, NpgsqlDbType.Text);
            await copy.WriteAsync(node.Id, NpgsqlDbType.Bigint);
            await copy.WriteAsync((int)SubtreeMembers(tallies, node.Id), NpgsqlDbType.Integer);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, type);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }
}
