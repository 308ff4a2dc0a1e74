using System.Globalization;
using System.Text.RegularExpressions;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Audit;

/// <summary>
/// The names behind the ids and paths an audit page shows: "党员 张三" rather than "党员 #409", an account by its user
/// name rather than its internal id, an organization path as the organization's name. Looked up once per page for the
/// ids on it (at most a page's worth of each kind).
/// </summary>
public sealed partial class AuditNames
{
    [GeneratedRegex("(?<![\\w/])/(?:\\d+/)+")]
    private static partial Regex PathInText();

    private static readonly HashSet<string> OrganizationIdFields = new(StringComparer.Ordinal)
    {
        "OrganizationId", "ParentId", "FromOrganizationId", "ToOrganizationId", "AreaOrganizationId", "CoveringOrganizationId",
        "PairedOrganizationId", "PartyGroupId",
    };

    private static readonly HashSet<string> PathFields = new(StringComparer.Ordinal)
    {
        "OrgPath", "Path", "FromPath", "ToPath", "AreaPath", "OrganizationPath",
    };

    private Dictionary<long, string> _organizations = [];
    private Dictionary<long, string> _members = [];
    private Dictionary<string, string> _accounts = new(StringComparer.Ordinal);
    private Dictionary<long, string> _transfers = [];
    private Dictionary<long, string> _units = [];

    public static async Task<AuditNames> LoadAsync(IReadOnlyList<AuditLog.Row> rows,
        IReadOnlyDictionary<long, IReadOnlyList<IndexModel.FieldChange>> changes, AppDb db, CancellationToken ct)
    {
        var names = new AuditNames();
        long? Long(string? s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var orgIds = new HashSet<long>();
        var memberIds = new HashSet<long>();
        var transferIds = new HashSet<long>();
        var unitIds = new HashSet<long>();
        var accountIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (Match path in PathInText().Matches(row.Note ?? ""))
            {
                orgIds.Add(OrgPath.Ids(path.Value)[^1]);
            }
            switch (row.EntityType)
            {
                case "Organization" when Long(row.EntityId) is { } o: orgIds.Add(o); break;
                case "Member" or "ContactHousehold" when Long(row.EntityId) is { } m: memberIds.Add(m); break;
                case "Transfer" when Long(row.EntityId) is { } t: transferIds.Add(t); break;
                case "Unit" when Long(row.EntityId) is { } u: unitIds.Add(u); break;
                case "AppUser" when row.EntityId is { } a: accountIds.Add(a); break;
            }
            foreach (var change in changes[row.Id])
            {
                foreach (var value in new[] { change.Before, change.After })
                {
                    if (OrganizationIdFields.Contains(change.Field) && Long(value) is { } id)
                    {
                        orgIds.Add(id);
                    }
                    else if (PathFields.Contains(change.Field) && value is not null && OrgPath.Ids(value) is { Length: > 0 } ids)
                    {
                        orgIds.Add(ids[^1]);
                    }
                    else if (change.Field == "MemberId" && Long(value) is { } member)
                    {
                        memberIds.Add(member);
                    }
                    else if (change.Field == "UnitId" && Long(value) is { } unit)
                    {
                        unitIds.Add(unit);
                    }
                }
            }
        }
        names._organizations = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        names._members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        names._transfers = await db.Transfers.AsNoTracking().Where(t => transferIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.MemberName + " · 介绍信 " + t.LetterNumber, ct);
        names._units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        names._accounts = await db.Users.AsNoTracking().Where(u => accountIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => $"{u.UserName}（{u.DisplayName}）", ct);
        return names;
    }

    /// <summary>What a line is about, by name: "张三", "weidu（魏都区委组织部）"; the number alone when the record is gone.</summary>
    public string Subject(string entityType, string? entityId)
    {
        if (entityId is null)
        {
            return "";
        }
        var id = long.TryParse(entityId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        var name = entityType switch
        {
            "Organization" when id is { } o => _organizations.GetValueOrDefault(o),
            "Member" or "ContactHousehold" when id is { } m => _members.GetValueOrDefault(m),
            "Transfer" when id is { } t => _transfers.GetValueOrDefault(t),
            "Unit" when id is { } u => _units.GetValueOrDefault(u),
            "AppUser" => _accounts.GetValueOrDefault(entityId),
            _ => null,
        };
        // An account's id is internal: never shown. Other ids stay beside the name, as they appear in addresses.
        return entityType == "AppUser" ? name ?? "（已删除的账号）" : name is null ? $"#{entityId}" : $"{name}（#{entityId}）";
    }

    /// <summary>A note with the organization paths in it ("调用者范围 /1/2/5/") given as the organizations' names.</summary>
    public string Note(string note) => PathInText().Replace(note, m =>
        _organizations.TryGetValue(OrgPath.Ids(m.Value)[^1], out var name) ? name : m.Value);

    /// <summary>A field's value as people read it: organizations and members by name, times in Beijing time.</summary>
    public string? Value(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }
        long? id = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (OrganizationIdFields.Contains(field) && id is { } org)
        {
            return _organizations.TryGetValue(org, out var name) ? name : value;
        }
        if (PathFields.Contains(field))
        {
            var ids = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return ids.Length > 0 && long.TryParse(ids[^1], CultureInfo.InvariantCulture, out var last) && _organizations.TryGetValue(last, out var pathName)
                ? pathName : value;
        }
        if (field == "MemberId" && id is { } member)
        {
            return _members.TryGetValue(member, out var name) ? name : value;
        }
        if (field == "UnitId" && id is { } unit)
        {
            return _units.TryGetValue(unit, out var name) ? name : value;
        }
        // Snapshots keep moments in ISO form with their offset ("2026-12-01T08:47:00+00:00").
        if (value.Length >= 19 && value[10] == 'T'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return Shared.PageHelpers.Time(at);
        }
        return value;
    }
}
