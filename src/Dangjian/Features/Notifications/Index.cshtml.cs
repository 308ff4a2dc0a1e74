using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Notifications;

/// <summary>My notices, in the plain style: the newest first, each marked read when opened.</summary>
[Authorize]
public class IndexModel(CurrentUser user, AppDb db, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public MyNotifications.Response? Notices { get; private set; }

    public async Task OnGetAsync()
    {
        Notices = (await MyNotifications.Handle(Before, user, db, Aborted)).Value;
    }

    /// <summary>Opens a notice: marks it read and goes where it leads (a page of this app only).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id)
    {
        var marked = await MyNotifications.MarkReadAsync(id, user, db, clock, Aborted);
        if (!marked.Succeeded)
        {
            return Missing("通知");
        }
        var link = await db.Notifications.Where(n => n.Id == id).Select(n => n.Link).FirstOrDefaultAsync(Aborted);
        return LocalRedirect(link is { Length: > 0 } && Url.IsLocalUrl(link) ? link : "/Notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        await MyNotifications.MarkReadAsync(null, user, db, clock, Aborted);
        return RedirectToPage();
    }
}
