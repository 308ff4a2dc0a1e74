using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>Plans a training class of an organization in the caller's subtree.</summary>
public static class CreateTrainingClass
{
    public const decimal MaxClassHours = 200;

    public sealed record Request(long? OrganizationId, [property: MaxLength(100)] string? Title, [property: MaxLength(100)] string? Organizer,
        [property: MaxLength(100)] string? Place, DateOnly? StartsOn, DateOnly? EndsOn, decimal? ClassHours);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), request.OrganizationId, ct);
        if (org is null)
        {
            errors.Add("organizationId", request.OrganizationId is null ? "请选择举办培训班的党组织" : "党组织不存在或不在您的管辖范围内");
        }
        var title = errors.Text("title", "培训班名称", request.Title, 100);
        var organizer = errors.Text("organizer", "主办单位", request.Organizer, 100);
        var place = errors.Text("place", "培训地点", request.Place, 100, required: false) ?? "";
        var (startsOn, endsOn) = CheckDates(errors, request.StartsOn, request.EndsOn, db.Clock.Today());
        var hours = CheckHours(errors, "classHours", request.ClassHours, MaxClassHours);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var training = new TrainingClass
        {
            OrganizationId = org!.Id, OrgPath = org.Path, Title = title!, Organizer = organizer!, Place = place, StartsOn = startsOn, EndsOn = endsOn,
            ClassHours = hours, Status = TrainingStatus.Open, CreatedAt = db.Clock.GetUtcNow(),
        };
        db.TrainingClasses.Add(training);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(training.Id);
    }

    internal static (DateOnly, DateOnly) CheckDates(FieldErrors errors, DateOnly? startsOn, DateOnly? endsOn, DateOnly today)
    {
        if (startsOn is not { } start || start < today.AddYears(-2) || start > today.AddYears(1))
        {
            errors.Add("startsOn", $"开班日期应在{today.AddYears(-2):yyyy-MM-dd}到{today.AddYears(1):yyyy-MM-dd}之间");
            return default;
        }
        if (endsOn is not { } end || end < start || end > start.AddDays(366))
        {
            errors.Add("endsOn", "结业日期不能早于开班日期，培训期不超过一年");
            return default;
        }
        return (start, end);
    }

    /// <summary>Class hours: more than 0, at most <paramref name="max"/>, in halves (a 45-minute class hour may be split once).</summary>
    internal static decimal CheckHours(FieldErrors errors, string field, decimal? value, decimal max)
    {
        if (value is not { } hours || hours <= 0 || hours > max || hours * 2 != decimal.Truncate(hours * 2))
        {
            errors.Add(field, $"学时应大于0、不超过{max:0.#}，以0.5学时为单位");
            return 0;
        }
        return hours;
    }
}

/// <summary>
/// Puts people on a class's roster: chosen members of the class's subtree, every active member of one organization in
/// it, and trainees without a member record by name. People already on it stay as they are.
/// </summary>
public static class AddTrainingParticipants
{
    public const int MaxParticipants = 1000;

    public sealed record Request([property: MaxLength(MaxParticipants)] IReadOnlyList<long>? MemberIds, long? AllMembersOf,
        [property: MaxLength(200)] IReadOnlyList<string>? Guests);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var training = await scope.FindAsync(db.TrainingClasses.Include(c => c.Participants), id, ct);
        if (training is null)
        {
            return Outcome<long>.NotFound("培训班");
        }
        var errors = new FieldErrors();
        var wanted = new List<(long Id, string Name)>();
        var ids = (request.MemberIds ?? []).Distinct().ToList();
        if (ids.Count > 0)
        {
            var hi = OrgPath.UpperBound(training.OrgPath);
            var found = await db.Members.AsNoTracking()
                .Where(m => ids.Contains(m.Id) && m.LeftAt == null && string.Compare(m.OrgPath, training.OrgPath) >= 0 && string.Compare(m.OrgPath, hi) < 0)
                .Select(m => new { m.Id, m.Name }).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
            for (var i = 0; i < (request.MemberIds ?? []).Count; i++)
            {
                var memberId = request.MemberIds![i];
                if (found.TryGetValue(memberId, out var name))
                {
                    wanted.Add((memberId, name));
                }
                else
                {
                    errors.Add($"memberIds[{i}]", "该党员不在举办组织及其下级组织中");
                }
            }
        }
        if (request.AllMembersOf is { } orgId)
        {
            var org = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId && o.DissolvedAt == null).Select(o => new { o.Path }).FirstOrDefaultAsync(ct);
            if (org is null || !OrgPath.IsWithin(org.Path, training.OrgPath))
            {
                errors.Add("allMembersOf", "该组织不是举办组织或其下级组织");
            }
            else
            {
                var hi = OrgPath.UpperBound(org.Path);
                wanted.AddRange((await db.Members.AsNoTracking()
                    .Where(m => m.LeftAt == null && m.Status != MembershipStatus.Stopped && string.Compare(m.OrgPath, org.Path) >= 0 && string.Compare(m.OrgPath, hi) < 0)
                    .OrderBy(m => m.NamePinyin).Take(MaxParticipants + 1).Select(m => new { m.Id, m.Name }).ToListAsync(ct)).Select(m => (m.Id, m.Name)));
            }
        }
        var guests = new List<string>();
        for (var i = 0; i < (request.Guests ?? []).Count; i++)
        {
            if (errors.Text($"guests[{i}]", "学员姓名", request.Guests![i], 50) is { } guest)
            {
                guests.Add(guest);
            }
        }
        if (!errors.Any && wanted.Count == 0 && guests.Count == 0)
        {
            errors.Add("memberIds", "请选择参加培训的党员或填写学员姓名");
        }
        var onRoster = training.Participants.Where(p => p.MemberId is not null).Select(p => p.MemberId!.Value).ToHashSet();
        var added = wanted.DistinctBy(w => w.Id).Where(w => !onRoster.Contains(w.Id)).ToList();
        if (training.Participants.Count + added.Count + guests.Count > MaxParticipants)
        {
            errors.Add("memberIds", $"一个培训班最多{MaxParticipants}名学员");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        training.Participants.AddRange(added.Select(a => new TrainingParticipant { MemberId = a.Id, Name = a.Name, OrgPath = training.OrgPath }));
        training.Participants.AddRange(guests.Select(g => new TrainingParticipant { Name = g, OrgPath = training.OrgPath }));
        training.Version++;
        return await TrainingSaves.SaveAsync(db, training, ct);
    }
}

/// <summary>
/// Marks who attended and for how many hours (the class's hours unless given). On a class that has ended, a change
/// reverses the member's study line and writes the corrected one, in the same save.
/// </summary>
public static class RecordTrainingAttendance
{
    public sealed record Mark(long ParticipantId, bool Attended, decimal? Hours);

    public sealed record Request([property: MaxLength(AddTrainingParticipants.MaxParticipants)] IReadOnlyList<Mark>? Marks);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var training = await scope.FindAsync(db.TrainingClasses.Include(c => c.Participants), id, ct);
        if (training is null)
        {
            return Outcome<long>.NotFound("培训班");
        }
        var errors = new FieldErrors();
        var marks = request.Marks ?? [];
        if (marks.Count == 0)
        {
            errors.Add("marks", "请至少登记一名学员的出勤");
        }
        var changed = new List<TrainingParticipant>();
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            var participant = training.Participants.FirstOrDefault(p => p.Id == mark.ParticipantId);
            if (participant is null)
            {
                errors.Add($"marks[{i}].participantId", "该学员不在本培训班名单中");
                continue;
            }
            decimal? hours = mark.Attended ? mark.Hours is null ? training.ClassHours : CreateTrainingClass.CheckHours(errors, $"marks[{i}].hours", mark.Hours, training.ClassHours) : 0;
            if (participant.Attended != mark.Attended || participant.Hours != hours)
            {
                participant.Attended = mark.Attended;
                participant.Hours = hours;
                changed.Add(participant);
            }
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (training.Status == TrainingStatus.Closed)
        {
            foreach (var participant in changed.Where(p => p.MemberId is not null))
            {
                await ActivityLedger.ReverseAsync(db, nameof(TrainingClass), training.Id, participant.MemberId, ct);
                await TrainingSaves.CreditAsync(db, training, participant, ct);
            }
        }
        training.Version++;
        return await TrainingSaves.SaveAsync(db, training, ct);
    }
}

/// <summary>Ends a class once its last day has come and everyone on the roster is marked: each attending member's hours become a study line.</summary>
public static class CloseTrainingClass
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var training = await scope.FindAsync(db.TrainingClasses.Include(c => c.Participants), id, ct);
        if (training is null)
        {
            return Outcome<long>.NotFound("培训班");
        }
        if (training.Status == TrainingStatus.Closed)
        {
            return Outcome<long>.Conflict("培训班已结业");
        }
        if (db.Clock.Today() < training.EndsOn)
        {
            return Outcome<long>.Conflict($"培训班{training.EndsOn:yyyy年M月d日}才结业，届时再登记结业");
        }
        if (training.Participants.Count == 0)
        {
            return Outcome<long>.Conflict("培训班还没有学员");
        }
        var unmarked = training.Participants.Where(p => p.Attended is null).Select(p => p.Name).ToList();
        if (unmarked.Count > 0)
        {
            return Outcome<long>.Conflict($"还有{unmarked.Count}名学员没有登记出勤：{string.Join("、", unmarked.Take(5))}{(unmarked.Count > 5 ? "等" : "")}");
        }
        training.Status = TrainingStatus.Closed;
        training.ClosedAt = db.Clock.GetUtcNow();
        training.Version++;
        foreach (var participant in training.Participants.Where(p => p.MemberId is not null))
        {
            await TrainingSaves.CreditAsync(db, training, participant, ct);
        }
        return await TrainingSaves.SaveAsync(db, training, ct);
    }
}

internal static class TrainingSaves
{
    /// <summary>The participant's study line, filed under the member's own organization (their branch reads their hours).</summary>
    public static async Task CreditAsync(AppDb db, TrainingClass training, TrainingParticipant participant, CancellationToken ct)
    {
        if (participant.Attended != true || participant.Hours is not > 0)
        {
            return;
        }
        var path = await db.Members.AsNoTracking().Where(m => m.Id == participant.MemberId).Select(m => m.OrgPath).FirstAsync(ct);
        ActivityLedger.Record(db, participant.MemberId!.Value, path, ActivityKinds.StudyHours, StudyDetails.TrainingClass, training.EndsOn,
            participant.Hours.Value, nameof(TrainingClass), training.Id);
    }

    public static async Task<Outcome<long>> SaveAsync(AppDb db, TrainingClass training, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该培训班刚被他人修改，请刷新后再试");
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("该党员刚被他人加入培训班，请刷新后再试");
        }
        return Outcome<long>.Ok(training.Id);
    }
}

/// <summary>The finer sorts of study lines in the activity record.</summary>
public static class StudyDetails
{
    public const string TrainingClass = "training-class";
    public const string HomeStudy = "home-study";
}

public static class GetTrainingClass
{
    public sealed record ParticipantView(long Id, long? MemberId, string Name, bool IsMember, bool? Attended, decimal? Hours);

    public sealed record Response(long Id, long OrganizationId, string OrganizationName, string Title, string Organizer, string Place, DateOnly StartsOn,
        DateOnly EndsOn, decimal ClassHours, TrainingStatus Status, string StatusName, int Attended, IReadOnlyList<ParticipantView> Participants);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var c = await scope.FindAsync(db.TrainingClasses.AsNoTracking().Include(x => x.Participants), id, ct);
        if (c is null)
        {
            return Outcome<Response>.NotFound("培训班");
        }
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var people = c.Participants.OrderBy(p => p.MemberId is null).ThenBy(p => p.Id).ToList();
        return Outcome<Response>.Ok(new Response(c.Id, c.OrganizationId, name, c.Title, c.Organizer, c.Place, c.StartsOn, c.EndsOn, c.ClassHours, c.Status,
            c.Status.Chinese(), people.Count(p => p.Attended == true),
            [.. people.Select(p => new ParticipantView(p.Id, p.MemberId, p.Name, p.MemberId is not null, p.Attended, p.Hours))]));
    }
}

/// <summary>The training classes of a subtree that overlap a year, newest first.</summary>
public static class ListTrainingClasses
{
    public sealed record Row(long Id, string Title, string OrganizationName, DateOnly StartsOn, DateOnly EndsOn, decimal ClassHours, TrainingStatus Status,
        string StatusName, int Participants, int Attended);

    public const int MaxRows = 200;

    public static async Task<Outcome<IReadOnlyList<Row>>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var root = await StudyScopes.RootAsync(organizationId, user, db, scope, ct);
        if (root is null)
        {
            return Outcome<IReadOnlyList<Row>>.NotFound("党组织");
        }
        if (StudyScopes.YearRefusal(year, db.Clock.Today()) is { } refusal)
        {
            return Outcome<IReadOnlyList<Row>>.Invalid("year", refusal);
        }
        var y = year ?? db.Clock.Today().Year;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var hi = OrgPath.UpperBound(root);
        var rows = await db.TrainingClasses.AsNoTracking()
            .Where(c => string.Compare(c.OrgPath, root) >= 0 && string.Compare(c.OrgPath, hi) < 0 && c.StartsOn <= to && c.EndsOn >= from)
            .OrderByDescending(c => c.StartsOn).ThenByDescending(c => c.Id).Take(MaxRows)
            .Join(db.Organizations, c => c.OrganizationId, o => o.Id, (c, o) => new
            {
                c.Id, c.Title, o.Name, c.StartsOn, c.EndsOn, c.ClassHours, c.Status, Participants = c.Participants.Count(),
                Attended = c.Participants.Count(p => p.Attended == true),
            })
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<Row>>.Ok([.. rows.Select(r => new Row(r.Id, r.Title, r.Name, r.StartsOn, r.EndsOn, r.ClassHours, r.Status, r.Status.Chinese(),
            r.Participants, r.Attended))]);
    }
}

internal static class StudyScopes
{
    /// <summary>Why a year asked for cannot be listed (a class may be planned a year ahead), or null.</summary>
    public static string? YearRefusal(int? year, DateOnly today) =>
        year is { } y && (y < 2000 || y > today.Year + 1) ? $"年份应在2000到{today.Year + 1}之间" : null;

    /// <summary>The members in good standing or reserved in the organization's subtree, from the member tallies (not a count of rows).</summary>
    public static async Task<int> MembersAsync(AppDb db, long organizationId, CancellationToken ct) =>
        (int)await db.MemberTallies.AsNoTracking()
            .Where(t => t.OrganizationId == organizationId && t.Status != nameof(MembershipStatus.Stopped)).SumAsync(t => t.Count, ct);

    /// <summary>The path of the organization asked for (the caller's own when none), or null when it is outside the caller's subtree.</summary>
    public static async Task<string?> RootAsync(long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        return org?.Path;
    }
}
