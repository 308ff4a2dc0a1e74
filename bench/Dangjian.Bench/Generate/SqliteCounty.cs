using System.Diagnostics;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dangjian.Bench.Generate;

/// <summary>
/// `sqlite-county`: one county of a generated province as an embedded SQLite database, so that the same benchmarks
/// show what the embedded default serves. The file gets the app's own SQLite migrations, then the county's subtree
/// (organizations, search keys, units, members, name windows, tallies) with its ancestors, whose tallies are the
/// county's (nothing else lies below them here), and the county, street and branch benchmark accounts. Rows go through
/// the app's own <see cref="BulkInsert"/>, so every column the model maps is written as the SQLite provider stores it.
/// </summary>
public static class SqliteCounty
{
    public sealed record Options(string Connection, string Output, string Account);

    public static async Task RunAsync(Options options)
    {
        var total = Stopwatch.StartNew();
        await using var source = new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(options.Connection) { CommandTimeout = 0 }.ConnectionString).Options);
        var account = await source.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == options.Account)
            ?? throw new InvalidOperationException($"No account {options.Account}: run the generate command first.");
        var county = await source.Organizations.AsNoTracking().SingleAsync(o => o.Id == account.OrganizationId);
        var path = county.Path;
        var end = OrgPath.UpperBound(path);
        var ancestorIds = OrgPath.Ids(path).Where(id => id != county.Id).ToList();

        var organizations = await source.Organizations.AsNoTracking()
            .Where(o => ancestorIds.Contains(o.Id) || string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, end) < 0).ToListAsync();
        var orgIds = organizations.Select(o => o.Id).ToHashSet();
        var unitIds = organizations.Where(o => o.UnitId is not null).Select(o => o.UnitId!.Value).ToHashSet();
        var units = await source.Units.AsNoTracking()
            .Where(u => unitIds.Contains(u.Id) || string.Compare(u.AreaPath, path) >= 0 && string.Compare(u.AreaPath, end) < 0).ToListAsync();
        foreach (var unit in units)
        {
            // A unit of the county may name an organization outside it; here that organization does not exist.
            unit.CoveringOrganizationId = unit.CoveringOrganizationId is { } c && orgIds.Contains(c) ? c : null;
            unit.PairedOrganizationId = unit.PairedOrganizationId is { } p && orgIds.Contains(p) ? p : null;
        }
        units.RemoveAll(u => !orgIds.Contains(u.AreaOrganizationId));
        var keptUnits = units.Select(u => u.Id).ToHashSet();
        foreach (var organization in organizations)
        {
            organization.UnitId = organization.UnitId is { } u && keptUnits.Contains(u) ? u : null;
        }
        var keys = await source.OrganizationSearchKeys.AsNoTracking().Where(k => orgIds.Contains(k.OrganizationId)).ToListAsync();
        var members = await source.Members.AsNoTracking()
            .Where(m => string.Compare(m.OrgPath, path) >= 0 && string.Compare(m.OrgPath, end) < 0).ToListAsync();
        var grams = await source.MemberNameGrams.AsNoTracking()
            .Where(g => string.Compare(g.OrgPath, path) >= 0 && string.Compare(g.OrgPath, end) < 0).ToListAsync();
        var subtreeIds = organizations.Where(o => !ancestorIds.Contains(o.Id)).Select(o => o.Id).ToList();
        var tallies = await source.MemberTallies.AsNoTracking().Where(t => subtreeIds.Contains(t.OrganizationId)).ToListAsync();
        var countyTallies = tallies.Where(t => t.OrganizationId == county.Id).ToList();
        tallies.AddRange(ancestorIds.SelectMany(id => countyTallies.Select(t => new MemberTally
        {
            OrganizationId = id, Category = t.Category, Status = t.Status, Flags = t.Flags, Count = t.Count,
        })));
        var accountOrgs = new[] { "bench-county", "bench-street", "bench-branch" };
        var users = await source.Users.AsNoTracking().Where(u => accountOrgs.Contains(u.UserName!)).ToListAsync();
        users.RemoveAll(u => !orgIds.Contains(u.OrganizationId));
        Console.WriteLine($"{total.Elapsed.TotalSeconds,8:F1} s  read {county.Name}: {organizations.Count:N0} organizations, {units.Count:N0} units, "
            + $"{members.Count:N0} members, {grams.Count:N0} name windows, {tallies.Count:N0} tally rows, {users.Count} accounts");

        var file = Path.GetFullPath(options.Output);
        foreach (var stale in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(stale);
        }
        SqliteConnection.ClearAllPools();
        await using var target = new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite($"Data Source={file}").Options);
        await target.Database.MigrateAsync();
        await using (var transaction = await target.Database.BeginTransactionAsync())
        {
            // Parents before children: the organizations in path order, units once their area organizations exist.
            var withoutUnits = organizations.OrderBy(o => o.Depth).ThenBy(o => o.Id).ToList();
            var unitOf = withoutUnits.ToDictionary(o => o.Id, o => o.UnitId);
            withoutUnits.ForEach(o => o.UnitId = null);
            await BulkInsert.WriteAsync(target, withoutUnits, default);
            await BulkInsert.WriteAsync(target, units, default);
            foreach (var (id, unitId) in unitOf.Where(p => p.Value is not null))
            {
                await target.Organizations.Where(o => o.Id == id).BypassingSaveSteps("a copy of rows that carry their derived rows").ExecuteUpdateAsync(s => s.SetProperty(o => o.UnitId, unitId));
            }
            await BulkInsert.WriteAsync(target, keys, default);
            await BulkInsert.WriteAsync(target, members, default);
            await BulkInsert.WriteAsync(target, grams, default);
            await BulkInsert.WriteAsync(target, tallies, default);
            await BulkInsert.WriteAsync<AppUser>(target, users, default);
            await transaction.CommitAsync();
        }
        await target.Database.ExecuteSqlRawAsync("ANALYZE");
        await target.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL");
        Console.WriteLine($"{total.Elapsed.TotalSeconds,8:F1} s  written to {file} ({new FileInfo(file).Length / 1024.0 / 1024:F0} MB)");
    }
}
