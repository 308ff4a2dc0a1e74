using System.Globalization;
using System.Text.Json;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Audit;

/// <summary>The audit log of the caller's subtree, newest first. There is no route that changes or deletes a line.</summary>
public static class AuditLog
{
    public sealed record Row(long Id, DateTimeOffset At, string UserName, string Action, string ActionName, string EntityType, string? EntityId,
        string? Before, string? After, string? Note);

    public static async Task<Outcome<Page<Row>>> List(string? entityType, string? entityId, string? action, int? page, int? pageSize, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = PageRequest.From(page, pageSize, errors, defaultSize: 50);
        if (errors.Any)
        {
            return Outcome<Page<Row>>.Invalid(errors);
        }
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var query = db.AuditEntries.AsNoTracking().Where(a => string.Compare(a.ScopePath, path) >= 0 && string.Compare(a.ScopePath, hi) < 0);
        if (!string.IsNullOrWhiteSpace(entityType))
        {
            var types = AuditLabels.WithParts(entityType);
            query = query.Where(a => types.Contains(a.EntityType));
        }
        if (!string.IsNullOrWhiteSpace(entityId))
        {
            query = query.Where(a => a.EntityId == entityId);
        }
        // A member imported from a sheet has no line of its own: its import's line, with its own snapshot, stands in its trail.
        var imported = await ImportedMemberLinesAsync(entityType, entityId, path, db, ct);
        if (imported.Count > 0)
        {
            var lineIds = imported.Keys.ToList();
            query = query.Union(db.AuditEntries.AsNoTracking().Where(a => lineIds.Contains(a.Id)));
        }
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }
        var rows = await query.OrderByDescending(a => a.Id).ToPageAsync(request, ct);
        return Outcome<Page<Row>>.Ok(rows.Map(a => imported.TryGetValue(a.Id, out var snapshot)
            ? new Row(a.Id, a.At, a.UserName, a.Action, ActionName(a.Action), nameof(Member), entityId, null, snapshot, $"导入批次 #{a.Id}：{a.Note}")
            : new Row(a.Id, a.At, a.UserName, a.Action, ActionName(a.Action), a.EntityType, a.EntityId, a.Before, a.After, a.Note)));
    }

    /// <summary>
    /// The import lines that created the member (by id), with the member's snapshot from the import's bulk record, when
    /// the member was imported inside the caller's subtree; whoever may read a created member's line may read these.
    /// </summary>
    private static async Task<Dictionary<long, string>> ImportedMemberLinesAsync(string? entityType, string? entityId, string path, AppDb db, CancellationToken ct)
    {
        var lines = new Dictionary<long, string>();
        if (entityType != nameof(Member) || !long.TryParse(entityId, NumberStyles.None, CultureInfo.InvariantCulture, out var memberId))
        {
            return lines;
        }
        var chunks = await db.MemberImportChunks.AsNoTracking()
            .Where(c => c.LastMemberId >= memberId && c.FirstMemberId <= memberId).ToListAsync(ct);
        foreach (var chunk in chunks)
        {
            if (chunk.SnapshotOf(memberId) is { } snapshot && OrgPathOf(snapshot) is { } orgPath && OrgPath.IsWithin(orgPath, path))
            {
                lines[chunk.AuditEntryId] = snapshot;
            }
        }
        return lines;
    }

    private static string? OrgPathOf(string snapshot)
    {
        using var document = JsonDocument.Parse(snapshot);
        return document.RootElement.TryGetProperty(nameof(Member.OrgPath), out var value) ? value.GetString() : null;
    }

    public static string ActionName(string action) => action switch
    {
        AuditActions.Created => "新增",
        AuditActions.Updated => "修改",
        AuditActions.Deleted => "删除",
        AuditActions.Revealed => "查看完整信息",
        AuditActions.Called => "拨打电话",
        AuditActions.AccessDenied => "越权访问",
        AuditActions.Imported => "导入",
        AuditActions.Exported => "导出",
        AuditActions.SignedIn => "登录",
        AuditActions.SignInFailed => "登录失败",
        AuditActions.LockedOut => "账号锁定",
        AuditActions.SignedOut => "退出登录",
        _ => action,
    };

    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", async (string? entityType, string? entityId, string? action, int? page, int? pageSize, AppDb db, Scope scope, CancellationToken ct) =>
                (await List(entityType, entityId, action, page, pageSize, db, scope, ct)).ToHttp(Results.Ok))
            .WithTags("审计日志").RequirePermission(Permission.ViewAudit).Produces<Page<Row>>().WithSummary("本辖区的审计日志（只读）。entityType=Member 时包括该党员联系户的增删（这些记录的 entityId 为党员编号）");
}
