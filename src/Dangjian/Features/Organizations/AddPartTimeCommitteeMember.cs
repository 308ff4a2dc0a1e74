using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Registers a resident unit's leader as part-time committee member (兼职委员) of an organization.</summary>
public static class AddPartTimeCommitteeMember
{
    public sealed record Request([property: MaxLength(50)] string? Name, [property: MaxLength(50)] string? Post, long UnitId);

    public static async Task<Outcome<long>> Handle(long organizationId, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId, ct);
        if (org is null)
        {
            return Outcome<long>.NotFound("党组织");
        }
        var errors = new FieldErrors();
        var name = errors.Text("name", "姓名", request.Name, 50);
        var post = errors.Text("post", "职务", request.Post, 50, required: false);
        if (request.UnitId <= 0)
        {
            errors.Add("unitId", "驻区单位不能为空");
        }
        // The unit must lie in the caller's area too: its name is shown on the organization's page.
        else if (await scope.FindAsync(db.Units.AsNoTracking(), request.UnitId, ct) is null)
        {
            errors.Add("unitId", "驻区单位不存在或不在您的管辖范围内");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var row = new PartTimeCommitteeMember { OrganizationId = organizationId, OrganizationPath = org.Path, UnitId = request.UnitId, Name = name!, Post = post };
        db.PartTimeCommitteeMembers.Add(row);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(row.Id);
    }
}
