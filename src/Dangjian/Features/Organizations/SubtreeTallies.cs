using System.Globalization;
using System.Text;
using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Tables that count an organization's whole subtree, one row per organization and whatever else their key holds
/// (<see cref="MemberTally"/>: category, status and the rest). A table that adds such a count adds it here, and the
/// subtree move shifts it.
/// </summary>
public static class SubtreeTallies
{
    public static IReadOnlyList<Type> All { get; } =
        [typeof(MemberTally), typeof(UnitTally), typeof(Meetings.MeetingRollup), typeof(Meetings.MeetingDutyRollup)];

    /// <summary>
    /// Takes the moved organization's own rows off the ancestors it loses and adds them to those it gains, in one
    /// statement per table that reads them where they are. The key is copied whole from the model (every key column
    /// but the organization's), so that a part added to a tally's key later moves with it; the counted columns are the
    /// others. Rows are upserted in key order, as <see cref="TallyWriter"/> does, so that concurrent writers do not deadlock.
    /// </summary>
    public static async Task ShiftAsync(AppDb db, long movedId, IReadOnlyCollection<long> lost, IReadOnlyCollection<long> gained, CancellationToken ct)
    {
        if (lost.Count + gained.Count == 0)
        {
            return;
        }
        foreach (var type in All)
        {
            var (sql, parameters) = Statement(db.Model.FindEntityType(type)!, movedId, lost, gained);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    private static (string Sql, List<object> Parameters) Statement(IEntityType entity, long movedId, IReadOnlyCollection<long> lost, IReadOnlyCollection<long> gained)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(IProperty p) => Quote(p.GetColumnName(table)!);
        var key = entity.FindPrimaryKey()!.Properties;
        var organization = key.Single(p => p.Name == nameof(MemberTally.OrganizationId));
        var rest = key.Where(p => p != organization).ToList();
        var counted = entity.GetProperties().Where(p => !p.IsPrimaryKey() && (p.ClrType == typeof(long) || p.ClrType == typeof(int))).ToList();
        if (counted.Count == 0)
        {
            throw new InvalidOperationException($"{entity.DisplayName()} has no count column to shift.");
        }

        var parameters = new List<object>();
        var shifts = new List<string>();
        foreach (var (ids, sign) in new[] { (lost, -1), (gained, 1) })
        {
            foreach (var ancestor in ids)
            {
                shifts.Add($"({{{parameters.Count}}}, {sign.ToString(CultureInfo.InvariantCulture)})");
                parameters.Add(ancestor);
            }
        }
        var moved = $"{{{parameters.Count}}}";
        parameters.Add(movedId);

        var name = Quote(table.Name);
        var columns = string.Join(", ", key.Concat(counted).Select(Column));
        var keyColumns = string.Join(", ", key.Select(Column));
        var sql = new StringBuilder()
            .Append("WITH \"Shift\" (\"Ancestor\", \"Sign\") AS (VALUES ").AppendJoin(", ", shifts).Append(") ")
            .Append("INSERT INTO ").Append(name).Append(" (").Append(columns).Append(") ")
            .Append("SELECT s.\"Ancestor\"").AppendJoin("", rest.Select(p => ", t." + Column(p)))
            .AppendJoin("", counted.Select(p => $", t.{Column(p)} * s.\"Sign\""))
            .Append(" FROM ").Append(name).Append(" AS t CROSS JOIN \"Shift\" AS s")
            .Append(" WHERE t.").Append(Column(organization)).Append(" = ").Append(moved)
            .Append(" AND (").AppendJoin(" OR ", counted.Select(p => $"t.{Column(p)} <> 0")).Append(')')
            .Append(" ORDER BY s.\"Ancestor\"").AppendJoin("", rest.Select(p => ", t." + Column(p)))
            .Append(" ON CONFLICT (").Append(keyColumns).Append(") DO UPDATE SET ")
            .AppendJoin(", ", counted.Select(p => $"{Column(p)} = {name}.{Column(p)} + excluded.{Column(p)}"))
            .ToString();
        return (sql, parameters);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
