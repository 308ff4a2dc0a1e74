using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>What study asks of a member next: the contests open to them that they have not yet submitted, due when the contest closes.</summary>
public sealed class StudyTodoSource : ITodoSource
{
    public async Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        if (account.MemberId is not { } memberId || !account.Can(Permission.AttendMeetings))
        {
            return [];
        }
        var path = await db.Members.AsNoTracking().Where(m => m.Id == memberId && m.LeftAt == null).Select(m => m.OrgPath).FirstOrDefaultAsync(ct);
        if (path is null)
        {
            return [];
        }
        var today = clock.Today();
        return [.. (await Papers.OpenToAsync(db, memberId, path, ct)).Where(c => c.CanStart).Select(c =>
        {
            var due = BeijingDay.Of(c.ClosesAt.AddTicks(-1));
            return new TodoItem("contest-take", $"参加知识竞赛：{c.Title}", $"共{c.QuestionCount}题，限时{c.TimeLimitMinutes}分钟", $"/Study/Quiz?c={c.Id}", due,
                Deadlines.Of(due, today));
        })];
    }
}
