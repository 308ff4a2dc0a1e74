using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Residents;

/// <summary>The residents of the communities the caller serves: find one by name or phone, enter one who will not register, and collect a wish for them.</summary>
[RequirePermission(Permission.ServeResidents)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, PersonalDataProtector protector) : AppPageModel
{
    public sealed class EnterInput
    {
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public long? CommunityId { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public EnterInput Input { get; set; } = new();

    public IReadOnlyList<ListResidents.Row> Residents { get; private set; } = [];
    public IReadOnlyList<Communities.Community> Served { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await EnterResident.Handle(new EnterResident.Request(Input.Name, Input.Phone, Input.CommunityId), user, db, scope, protector, Aborted);
        if (outcome.Succeeded)
        {
            Flash = $"已登记居民{Input.Name}。";
            return Redirect($"/Wishes/Send?residentId={outcome.Value}");
        }
        ShowRefusal(outcome);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var account = await user.RequireAsync(Aborted);
        Residents = (await ListResidents.Handle(Q, null, user, db, scope, protector, Aborted)).Value ?? [];
        var above = OrgPath.AncestorsAndSelf(account.ScopePath);
        Served = await Communities.All(db).Where(o => o.Path.StartsWith(account.ScopePath) || above.Contains(o.Path)).OrderBy(o => o.Name).Take(200)
            .Select(o => new Communities.Community(o.Id, o.Name, o.Path)).ToListAsync(Aborted);
    }
}
