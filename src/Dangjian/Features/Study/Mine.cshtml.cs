using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Study;

/// <summary>A member's study: this year's hours against the target, where each came from, and the contests open to them.</summary>
[RequirePermission(Permission.AttendMeetings)]
public class MineModel(CurrentUser user, AppDb db, RuleBook rules) : AppPageModel
{
    public MyStudy.Response Study { get; private set; } = null!;

    public async Task OnGetAsync() => Study = (await MyStudy.Handle(null, user, db, rules, Aborted)).Value!;
}
