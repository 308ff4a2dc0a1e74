using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dangjian.Features.Residents;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Bookings;

/// <summary>The services every booking step needs, injected once per request.</summary>
public sealed record BookingServices(AppDb Db, Scope Scope, CurrentUser User, WorkCalendar Calendar, PersonalDataProtector Protector);

/// <summary>The organization whose team a kind, worker or slot belongs to: a community, or a street (any organization with communities below it), in the caller's subtree.</summary>
internal static class TeamOrganization
{
    public static async Task<(long Id, string Path, string Name)?> FindAsync(long? id, BookingServices s, CancellationToken ct)
    {
        var organization = await s.Scope.FindAsync(s.Db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct);
        if (organization is null)
        {
            return null;
        }
        var path = organization.Path;
        var serves = await Communities.All(s.Db).AnyAsync(c => c.Path.StartsWith(path), ct);
        return serves ? (organization.Id, organization.Path, organization.Name) : null;
    }
}

/// <summary>A service kind the team offers (生存认证上门 and the like): added, renamed, taken off or offered again.</summary>
public static class SaveServiceKind
{
    public sealed record Request(
        long? OrganizationId,
        [property: MaxLength(BookingRules.MaxName)] string? Name,
        [property: MaxLength(BookingRules.MaxText)] string? Description,
        [property: MaxLength(BookingRules.MaxText)] string? Prepare,
        bool? Active);

    public static async Task<Outcome<long>> AddAsync(Request request, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var team = await TeamOrganization.FindAsync(request.OrganizationId, s, ct);
        if (team is null)
        {
            errors.Add("organizationId", "请选择本辖区的社区或街道（服务队伍所在的组织）");
        }
        var (name, description, prepare) = Check(request, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await s.Db.ServiceKinds.AnyAsync(k => k.OrganizationId == team!.Value.Id && k.Name == name, ct))
        {
            return Outcome<long>.Invalid("name", $"{team!.Value.Name}已有“{name}”这项服务");
        }
        var kind = new ServiceKind
        {
            OrganizationId = team!.Value.Id, OrgPath = team.Value.Path, Name = name!, Description = description, Prepare = prepare, Active = request.Active ?? true,
            CreatedAt = s.Db.Clock.GetUtcNow(),
        };
        s.Db.ServiceKinds.Add(kind);
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(kind.Id);
    }

    /// <summary>A kind's own fields: it stays with its team.</summary>
    public sealed record Change(
        [property: MaxLength(BookingRules.MaxName)] string? Name,
        [property: MaxLength(BookingRules.MaxText)] string? Description,
        [property: MaxLength(BookingRules.MaxText)] string? Prepare,
        bool? Active);

    public static async Task<Outcome<long>> UpdateAsync(long id, Change change, BookingServices s, CancellationToken ct)
    {
        var kind = await s.Scope.FindAsync(s.Db.ServiceKinds, id, ct);
        if (kind is null)
        {
            return Outcome<long>.NotFound("服务项目");
        }
        var errors = new FieldErrors();
        var request = new Request(kind.OrganizationId, change.Name, change.Description, change.Prepare, change.Active);
        var (name, description, prepare) = Check(request, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await s.Db.ServiceKinds.AnyAsync(k => k.OrganizationId == kind.OrganizationId && k.Name == name && k.Id != id, ct))
        {
            return Outcome<long>.Invalid("name", $"已有“{name}”这项服务");
        }
        kind.Name = name!;
        kind.Description = description;
        kind.Prepare = prepare;
        kind.Active = request.Active ?? kind.Active;
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(kind.Id);
    }

    private static (string? Name, string Description, string Prepare) Check(Request request, FieldErrors errors) =>
        (errors.Text("name", "服务名称", request.Name, BookingRules.MaxName),
            errors.Text("description", "服务说明", request.Description, BookingRules.MaxText, required: false) ?? "",
            errors.Text("prepare", "需要准备的材料", request.Prepare, BookingRules.MaxText, required: false) ?? "");
}

/// <summary>A person of the service team, with their own account when they record visits themselves.</summary>
public static class AddServiceWorker
{
    public sealed record Request(long? OrganizationId, [property: MaxLength(BookingRules.MaxName)] string? Name, [property: MaxLength(64)] string? UserName);

    public static async Task<Outcome<long>> Handle(Request request, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var team = await TeamOrganization.FindAsync(request.OrganizationId, s, ct);
        if (team is null)
        {
            errors.Add("organizationId", "请选择本辖区的社区或街道（服务队伍所在的组织）");
        }
        var name = errors.Text("name", "姓名", request.Name, BookingRules.MaxName);
        var userName = errors.Text("userName", "账号", request.UserName, 64, required: false);
        string? accountId = null;
        if (userName is not null && team is not null)
        {
            var path = team.Value.Path;
            var account = await s.Db.Users.AsNoTracking().Where(u => u.UserName == userName && u.Role != AppRole.Resident)
                .Join(s.Db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new { u.Id, o.Path }).FirstOrDefaultAsync(ct);
            if (account is null || !(OrgPath.IsWithin(account.Path, path) || OrgPath.IsWithin(path, account.Path)))
            {
                errors.Add("userName", "没有这个账号，或账号不属于本社区（街道）");
            }
            accountId = account?.Id;
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var worker = new ServiceWorker { OrganizationId = team!.Value.Id, OrgPath = team.Value.Path, Name = name!, AccountId = accountId, CreatedAt = s.Db.Clock.GetUtcNow() };
        s.Db.ServiceWorkers.Add(worker);
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(worker.Id);
    }
}

/// <summary>
/// The rota: a worker's bookable slots, on the working days of a span (the calendar's, holidays off unless asked), at
/// the given times, each so many minutes long. A slot that would overlap one the worker already has is skipped and
/// counted; a time in the past is refused.
/// </summary>
public static class AddSlots
{
    public sealed record Request(long? WorkerId, DateOnly? From, DateOnly? To, IReadOnlyList<string>? Times, int? Minutes, bool? IncludeRestDays);

    public sealed record Response(int Created, int Skipped);

    public static async Task<Outcome<Response>> Handle(Request request, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var worker = await s.Scope.FindAsync(s.Db.ServiceWorkers.AsNoTracking(), request.WorkerId, ct);
        if (worker is null || !worker.Active)
        {
            errors.Add("workerId", "请选择服务队伍中的人员");
        }
        var now = s.Db.Clock.GetUtcNow();
        var today = BeijingDay.Of(now);
        if (request.From is not { } from)
        {
            errors.Add("from", "请填写开始日期");
        }
        else if (from < today)
        {
            errors.Add("from", "开始日期不能早于今天");
        }
        else if (from > today.AddDays(BookingRules.RotaDaysAhead))
        {
            errors.Add("from", $"排班最多提前{BookingRules.RotaDaysAhead}天");
        }
        if (request.To is not { } to)
        {
            errors.Add("to", "请填写结束日期");
        }
        else if (request.From is { } start && (to < start || to.DayNumber - start.DayNumber >= BookingRules.RotaSpanDays))
        {
            errors.Add("to", $"结束日期应在开始日期之后，一次最多排{BookingRules.RotaSpanDays}天");
        }
        var minutes = request.Minutes ?? 60;
        if (minutes is < BookingRules.MinSlotMinutes or > BookingRules.MaxSlotMinutes)
        {
            errors.Add("minutes", $"每个时段应为{BookingRules.MinSlotMinutes}到{BookingRules.MaxSlotMinutes}分钟");
        }
        var times = new List<TimeOnly>();
        foreach (var text in request.Times ?? [])
        {
            if (!TimeOnly.TryParseExact(text?.Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                errors.Add("times", $"时间“{text}”应写成 9:00 这样");
            }
            else if (time.AddMinutes(minutes) < time)
            {
                errors.Add("times", $"{text}开始的时段跨过了午夜");
            }
            else
            {
                times.Add(time);
            }
        }
        if (times.Count == 0 && !errors.Has("times"))
        {
            errors.Add("times", "请至少填写一个开始时间");
        }
        var ordered = times.Distinct().Order().ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i - 1].AddMinutes(minutes) > ordered[i])
            {
                errors.Add("times", $"{ordered[i - 1]:H:mm}和{ordered[i]:H:mm}开始的时段重叠了");
            }
        }
        if (errors.Any)
        {
            return Outcome<Response>.Invalid(errors);
        }
        var days = await s.Calendar.ForAsync(request.From!.Value, request.To!.Value, ct);
        var wanted = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        for (var day = request.From.Value; day <= request.To.Value; day = day.AddDays(1))
        {
            if (request.IncludeRestDays != true && !days.IsWorkingDay(day))
            {
                continue;
            }
            foreach (var time in ordered)
            {
                var start = BeijingDay.Start(day).AddTicks(time.Ticks);
                if (start > now)
                {
                    wanted.Add((start, start.AddMinutes(minutes)));
                }
            }
        }
        if (wanted.Count > BookingRules.MaxSlotsPerRequest)
        {
            return Outcome<Response>.Invalid("to", $"一次最多排{BookingRules.MaxSlotsPerRequest}个时段，请缩短日期范围");
        }
        var first = wanted.Count == 0 ? now : wanted[0].Start.AddMinutes(-BookingRules.MaxSlotMinutes);
        var last = wanted.Count == 0 ? now : wanted[^1].End;
        // Every slot of the worker near the span, whatever team made it: a worker in a community's and a street's team is one person.
        var existing = await s.Db.ServiceSlots.AsNoTracking().Where(x => x.WorkerId == worker!.Id && !x.Withdrawn && x.StartsAt >= first && x.StartsAt < last)
            .Select(x => new { x.StartsAt, x.EndsAt }).ToListAsync(ct);
        var created = 0;
        foreach (var (start, end) in wanted)
        {
            if (existing.Any(x => x.StartsAt < end && start < x.EndsAt))
            {
                continue;
            }
            s.Db.ServiceSlots.Add(new ServiceSlot { OrganizationId = worker!.OrganizationId, OrgPath = worker.OrgPath, WorkerId = worker.Id, StartsAt = start, EndsAt = end, CreatedAt = now });
            created++;
        }
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<Response>.Conflict("这位人员的排班刚刚有了变化，请刷新后再试");
        }
        return Outcome<Response>.Ok(new Response(created, wanted.Count - created));
    }
}

/// <summary>A slot taken off the rota: refused while a booking holds it (reschedule or cancel that first).</summary>
public static class WithdrawSlot
{
    public static async Task<Outcome<long>> Handle(long id, BookingServices s, CancellationToken ct)
    {
        var slot = await s.Scope.FindAsync(s.Db.ServiceSlots, id, ct);
        if (slot is null)
        {
            return Outcome<long>.NotFound("时段");
        }
        if (await s.Db.Bookings.AnyAsync(b => b.HeldSlotId == id, ct))
        {
            return Outcome<long>.Conflict("这个时段已有预约，请先为居民改约或取消预约");
        }
        slot.Withdrawn = true;
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(id);
    }
}
