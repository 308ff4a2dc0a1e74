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
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }
        var rows = await query.OrderByDescending(a => a.Id).ToPageAsync(request, ct);
        return Outcome<Page<Row>>.Ok(rows.Map(a => new Row(a.Id, a.At, a.UserName, a.Action, ActionName(a.Action), a.EntityType,
            a.EntityId, a.Before, a.After, a.Note)));
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
