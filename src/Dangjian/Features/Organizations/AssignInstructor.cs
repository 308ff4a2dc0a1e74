using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Sends a Party-building instructor (党建指导员) to a unit of the caller's area.</summary>
public static class AssignInstructor
{
    public sealed record Request([property: MaxLength(50)] string? Name, DateOnly? AssignedOn);

    public static async Task<Outcome<long>> Handle(long unitId, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var unit = await scope.FindAsync(db.Units.AsNoTracking(), unitId, ct);
        if (unit is null)
        {
            return Outcome<long>.NotFound("单位");
        }
        var errors = new FieldErrors();
        var name = errors.Text("name", "指导员姓名", request.Name, 50);
        var today = clock.Today();
        var assignedOn = request.AssignedOn is null ? today : errors.PastDate("assignedOn", "选派日期", request.AssignedOn, today, DateChecks.PartyFounded);
        if (errors.Any || assignedOn is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        var instructor = new Instructor
        {
            UnitId = unitId,
            Name = name!,
            AreaPath = unit.AreaPath,
            AssignedOn = assignedOn.Value,
        };
        db.Instructors.Add(instructor);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(instructor.Id);
    }
}
