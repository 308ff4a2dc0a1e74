using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Accounts;

/// <summary>The accounts of the caller's subtree, one page at a time, by organization and user name.</summary>
public static class ListAccounts
{
    public sealed record Row(string Id, string UserName, string DisplayName, AppRole Role, string RoleName, long OrganizationId, string OrganizationName,
        bool MustChangePassword, bool LockedOut, bool Disabled);

    public static async Task<Outcome<Page<Row>>> Handle(int? page, int? pageSize, Scope scope, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = PageRequest.From(page, pageSize, errors);
        if (errors.Any)
        {
            return Outcome<Page<Row>>.Invalid(errors);
        }
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var rows = await (from u in db.Users
                          join o in db.Organizations on u.OrganizationId equals o.Id
                          where string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, hi) < 0
                          orderby o.Path, u.UserName
                          select new { u.Id, u.UserName, u.DisplayName, u.Role, u.OrganizationId, o.Name, u.MustChangePassword, u.LockoutEnd })
            .ToPageAsync(request, ct);
        var now = clock.GetUtcNow();
        return Outcome<Page<Row>>.Ok(rows.Map(r => new Row(r.Id, r.UserName!, r.DisplayName, r.Role, r.Role.Chinese(), r.OrganizationId, r.Name,
            r.MustChangePassword, r.LockoutEnd is { } end && end > now && !AccountRules.IsDisabled(r.LockoutEnd), AccountRules.IsDisabled(r.LockoutEnd))));
    }
}
