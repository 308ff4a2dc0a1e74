using Dangjian.Features.Members;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>
/// Study in an organization's subtree for a year: members' hours against the target (the furthest behind first), the
/// training classes and the study delivered home, with the forms to start a class and to record a home visit.
/// </summary>
[RequirePermission(Permission.ManageMeetings)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, RuleBook rules) : AppPageModel
{
    public sealed class ClassInput
    {
        public string? Title { get; set; }
        public string? Organizer { get; set; }
        public string? Place { get; set; }
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
        public decimal? ClassHours { get; set; }
    }

    public sealed class VisitInput
    {
        public long? MemberId { get; set; }
        public HomeStudyReason? Reason { get; set; }
        public DateOnly? VisitedOn { get; set; }
        public string? Content { get; set; }
        public decimal? Hours { get; set; }
        public List<long> VisitorMemberIds { get; set; } = [];
        public string? OtherVisitors { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public ClassInput Class { get; set; } = new();

    [BindProperty]
    public VisitInput Visit { get; set; } = new();

    public MemberStudyHours.Response? Hours { get; private set; }
    public IReadOnlyList<ListTrainingClasses.Row> Classes { get; private set; } = [];
    public IReadOnlyList<ListHomeStudy.Row> Visits { get; private set; } = [];

    /// <summary>The members of the chosen organization itself, for the home-visit form (a branch's, usually a few dozen).</summary>
    public IReadOnlyList<(long Id, string Name)> Members { get; private set; } = [];

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织" };

    public int ThisYear => Platform.Http.DateChecks.Today(db.Clock).Year;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("党组织");

    public async Task<IActionResult> OnPostClassAsync()
    {
        var outcome = await CreateTrainingClass.Handle(new CreateTrainingClass.Request(OrganizationId ?? (await user.RequireAsync(Aborted)).OrganizationId, Class.Title,
            Class.Organizer, Class.Place, Class.StartsOn, Class.EndsOn, Class.ClassHours), db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "培训班已建立，请添加学员";
            return Redirect($"/Study/Class?id={outcome.Value}");
        }
        ShowRefusal(outcome, "Class");
        return await ShowAsync() ? Page() : Missing("党组织");
    }

    public async Task<IActionResult> OnPostVisitAsync()
    {
        var outcome = await RecordHomeStudy.Handle(new RecordHomeStudy.Request(Visit.MemberId, Visit.Reason, Visit.VisitedOn, Visit.Content, Visit.Hours,
            Visit.VisitorMemberIds, Visit.OtherVisitors), db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "送学上门已登记，学时已计入";
            return Redirect($"/Study?organizationId={OrganizationId}");
        }
        ShowRefusal(outcome, "Visit");
        return await ShowAsync() ? Page() : Missing("党组织");
    }

    private async Task<bool> ShowAsync()
    {
        var hours = await MemberStudyHours.Handle(OrganizationId, Year, user, db, scope, rules, Aborted);
        if (hours.NotFoundWhat is not null)
        {
            return false;
        }
        // A region too large for the hours (a city, a province) still lists its classes and visits.
        Hours = hours.Value;
        if (Hours is null)
        {
            ShowRefusal(hours, "");
        }
        Classes = (await ListTrainingClasses.Handle(OrganizationId, Year, user, db, scope, Aborted)).Value ?? [];
        Visits = (await ListHomeStudy.Handle(OrganizationId, Year, user, db, scope, Aborted)).Value ?? [];
        var orgId = OrganizationId ?? (await user.RequireAsync(Aborted)).OrganizationId;
        Members = [.. (await db.Members.AsNoTracking().Where(m => m.OrganizationId == orgId && m.LeftAt == null && m.Status != MembershipStatus.Stopped)
            .OrderBy(m => m.NamePinyin).Take(300).Select(m => new { m.Id, m.Name }).ToListAsync(Aborted)).Select(m => (m.Id, m.Name))];
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted, preselectOwn: true);
        return true;
    }
}
