using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

public static class CreateOrganization
{
    public sealed record Request(long ParentId, [property: MaxLength(100)] string? Name, OrganizationKind? Kind, long? UnitId,
        [property: Range(0, 50)] int? CommitteeSize, DateOnly? EstablishedOn);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = await OrganizationChecks.FieldsAsync(request.Name, request.Kind, request.CommitteeSize, request.UnitId, null, errors, db, scope, ct);
        errors.PastDate("establishedOn", "成立日期", request.EstablishedOn, clock.Today(), DateChecks.PartyFounded);
        var parent = await scope.FindAsync(db.Organizations.Where(o => o.DissolvedAt == null), request.ParentId, ct);
        if (parent is null)
        {
            errors.Add("parentId", "上级党组织不存在或不在您的管辖范围内");
        }
        else if (parent.Kind == OrganizationKind.PartyGroup)
        {
            errors.Add("parentId", "党小组下不能再设组织");
        }
        else
        {
            if (request.Kind is { } kind && Enum.IsDefined(kind) && PlacementRules.RefusalOf(parent.Kind, kind) is { } refusal)
            {
                errors.Add("kind", refusal);
            }
            await OrganizationChecks.SiblingNameAsync(parent.Id, name, null, errors, db, ct);
        }
        if (errors.Any || parent is null)
        {
            return Outcome<long>.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The path ends with the id the database assigns: AppDb completes it in the same save (ICompletedAfterInsert).
        var org = new Organization
        {
            Name = name!,
            Kind = request.Kind!.Value,
            ParentId = parent.Id,
            Path = Organization.PendingPath(parent.Path),
            Depth = parent.Depth + 1,
            UnitId = request.UnitId,
            CommitteeSize = request.CommitteeSize,
            EstablishedOn = request.EstablishedOn,
        };
        db.Organizations.Add(org);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Created by someone else a moment ago: the unique index on (parent, name) decided.
            return Outcome<long>.Invalid("name", $"上级组织下已有名为“{name}”的组织");
        }
        catch (PathMovedException)
        {
            return Outcome<long>.Conflict(PathMovedException.Reason);
        }
        if (request.UnitId is { } coveredUnit)
        {
            // Tracked, not a bulk update, so that the unit's change has its audit line, as in UpdateOrganization.
            var unit = await db.Units.FirstAsync(u => u.Id == coveredUnit, ct);
            unit.CoveringOrganizationId = org.Id;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(org.Id);
    }
}
