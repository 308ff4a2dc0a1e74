using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>One unit of the caller's area.</summary>
public static class GetUnit
{
    public static async Task<Outcome<ListUnits.View>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var unit = await scope.FindAsync(db.Units.AsNoTracking(), id, ct);
        if (unit is null)
        {
            return Outcome<ListUnits.View>.NotFound("单位");
        }
        return Outcome<ListUnits.View>.Ok((await ListUnits.DescribeAsync([unit], db, ct))[0]);
    }
}
