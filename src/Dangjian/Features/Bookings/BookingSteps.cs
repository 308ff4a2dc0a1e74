using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Residents;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Bookings;

/// <summary>Who reaches a booking: the resident who made it; the booker, the worker and the team's organization (and the levels above).</summary>
public static class BookingAccess
{
    public static async Task<(Resident? Resident, Booking? Booking)> ForResidentAsync(long id, BookingServices s, bool tracking, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var resident = await MyResident.OfAsync(account, s.Db, ct);
        var query = tracking ? s.Db.Bookings : s.Db.Bookings.AsNoTracking();
        var booking = resident is null ? null : await query.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (booking is not null && booking.ResidentId != resident!.Id)
        {
            await s.Scope.DeniedAsync(nameof(Booking), id, booking.OrgPath, ct);
            return (resident, null);
        }
        return (resident, booking);
    }

    public static async Task<Booking?> ForServerAsync(long id, BookingServices s, bool tracking, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var query = tracking ? s.Db.Bookings : s.Db.Bookings.AsNoTracking();
        var booking = await query.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null)
        {
            return null;
        }
        if (booking.BookedByAccountId == account.UserId || await IsWorkerAsync(booking, account, s.Db, ct))
        {
            return booking;
        }
        return await s.Scope.AllowsAsync(booking.OrgPath, nameof(Booking), id, ct) ? booking : null;
    }

    public static Task<bool> IsWorkerAsync(Booking booking, CurrentUser.Account account, AppDb db, CancellationToken ct) =>
        db.ServiceWorkers.AnyAsync(w => w.Id == booking.WorkerId && w.AccountId == account.UserId, ct);

    /// <summary>Runs the team's organization (or one above it): may reschedule, cancel and record any of its bookings.</summary>
    public static bool Manages(Booking booking, CurrentUser.Account account) =>
        account.Can(Permission.ManageResidentServices) && OrgPath.IsWithin(booking.OrgPath, account.ScopePath);
}

/// <summary>
/// A home visit booked by the resident (<see cref="ByResidentAsync"/>) or on their behalf (<see cref="OnBehalfAsync"/>):
/// a kind offered to the resident's community, a free future slot of that kind's team. The slot's unique hold decides
/// between bookings made at once: one is saved, the others are told the slot has just been taken.
/// </summary>
public static class BookVisit
{
    public sealed record Request(
        long? KindId,
        long? SlotId,
        [property: MaxLength(BookingRules.MaxName)] string? ForWhom,
        [property: MaxLength(BookingRules.MaxAddress)] string? Address,
        [property: MaxLength(BookingRules.MaxText)] string? Note);

    public sealed record OnBehalfRequest(long? ResidentId, Request? Booking);

    /// <summary>A resident has at most this many visits booked and not yet done (two parents, two services, one spare).</summary>
    public const int MaxOpenPerResident = 5;

    public static async Task<Outcome<long>> ByResidentAsync(Request request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var resident = await MyResident.OfAsync(account, s.Db, ct);
        return resident is null ? Outcome<long>.NotFound("居民信息") : await BookAsync(resident, request, "", "本人", null, s, ct);
    }

    public static async Task<Outcome<long>> OnBehalfAsync(OnBehalfRequest request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var resident = request.ResidentId is { } id ? await s.Db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        if (resident is null || !await s.Scope.ServesAsync(resident.OrgPath, nameof(Resident), resident.Id, ct))
        {
            return Outcome<long>.Invalid("residentId", "居民不存在或不在您服务的社区");
        }
        return await BookAsync(resident, request.Booking ?? new Request(null, null, null, null, null), "booking.", account.DisplayName, account.UserId, s, ct);
    }

    private static async Task<Outcome<long>> BookAsync(Resident resident, Request request, string prefix, string bookedBy, string? bookerId,
        BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var forWhom = errors.Text(prefix + "forWhom", "被服务人", request.ForWhom, BookingRules.MaxName, required: false) ?? resident.Name;
        var address = errors.Text(prefix + "address", "上门地址", request.Address, BookingRules.MaxAddress);
        var note = errors.Text(prefix + "note", "情况说明", request.Note, BookingRules.MaxText, required: false) ?? "";
        var kind = await Offered.KindAsync(resident, request.KindId, s.Db, s.Scope, ct);
        if (kind is null)
        {
            errors.Add(prefix + "kindId", "请选择本社区提供的服务项目");
        }
        var slot = request.SlotId is { } slotId && kind is not null
            ? await s.Db.ServiceSlots.AsNoTracking().Include(x => x.Worker).FirstOrDefaultAsync(x => x.Id == slotId && x.OrganizationId == kind.OrganizationId, ct)
            : null;
        var now = s.Db.Clock.GetUtcNow();
        if (kind is not null && slot is null)
        {
            errors.Add(prefix + "slotId", "请选择这项服务的一个上门时段");
        }
        else if (slot is not null && slot.StartsAt <= now)
        {
            errors.Add(prefix + "slotId", "这个时段已经过去了，请选择以后的时段");
        }
        else if (slot is not null && (slot.Withdrawn || slot.Worker is not { Active: true }))
        {
            errors.Add(prefix + "slotId", "这个时段已取消排班，请选择其他时段");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var open = await s.Db.Bookings.CountAsync(b => b.ResidentId == resident.Id && b.State == BookingState.Booked, ct);
        if (open >= MaxOpenPerResident)
        {
            return Outcome<long>.Conflict($"已有{open}个预约还没有上门，上门后再预约新的");
        }
        var booking = new Booking
        {
            ResidentId = resident.Id, ResidentName = resident.Name, OrganizationId = kind!.OrganizationId, OrgPath = kind.OrgPath, ServiceKindId = kind.Id, KindName = kind.Name,
            WorkerName = slot!.Worker!.Name, ForWhom = forWhom, AddressCipher = s.Protector.Encrypt(address!), Note = note, BookedBy = bookedBy, BookedByAccountId = bookerId, State = BookingState.Booked,
            CreatedAt = now,
        };
        Hold(booking, slot!);
        s.Db.Bookings.Add(booking);
        // The booking is saved first, alone, so that the slot's unique hold decides; its worker's notice names it in the same transaction.
        await using var tx = await s.Db.Database.BeginTransactionAsync(ct);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("这个时段刚刚被别人预约了，请选择其他时段");
        }
        if (slot!.Worker!.AccountId is { } workerAccount)
        {
            Notices.ToAccount(s.Db, workerAccount, $"新的上门服务预约：{When(booking)}", $"{kind.Name}，{forWhom}", $"/Bookings/Details?id={booking.Id}", nameof(Booking), booking.Id);
            await s.Db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(booking.Id);
    }

    internal static void Hold(Booking booking, ServiceSlot slot)
    {
        booking.SlotId = slot.Id;
        booking.HeldSlotId = slot.Id;
        booking.WorkerId = slot.WorkerId;
        booking.HeldWorkerId = slot.WorkerId;
        booking.WorkerName = slot.Worker?.Name ?? booking.WorkerName;
        booking.StartsAt = slot.StartsAt;
        booking.EndsAt = slot.EndsAt;
    }

    public static string When(Booking booking) =>
        $"{booking.StartsAt.ToBeijing():M月d日 H:mm}—{booking.EndsAt.ToBeijing():H:mm}";
}

/// <summary>What a resident may book: the active kinds of the organizations above their community, and those kinds' free future slots.</summary>
public static class Offered
{
    public sealed record Kind(long Id, string Name, string Description, string Prepare, string Team);

    public sealed record Slot(long Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Worker);

    /// <summary>The kind when it is offered to the resident's community; another area's kind is absent, and audited when one who serves residents names it.</summary>
    internal static async Task<ServiceKind?> KindAsync(Resident resident, long? kindId, AppDb db, Scope? scope, CancellationToken ct)
    {
        var kind = kindId is null ? null : await db.ServiceKinds.AsNoTracking().FirstOrDefaultAsync(k => k.Id == kindId, ct);
        if (kind is null || !kind.Active)
        {
            return null;
        }
        if (OrgPath.IsWithin(resident.OrgPath, kind.OrgPath))
        {
            return kind;
        }
        if (scope is not null)
        {
            await scope.DeniedAsync(nameof(ServiceKind), kind.Id, kind.OrgPath, ct);
        }
        return null;
    }

    public static async Task<IReadOnlyList<Kind>> KindsAsync(Resident resident, AppDb db, CancellationToken ct)
    {
        var above = OrgPath.AncestorsAndSelf(resident.OrgPath);
        return await db.ServiceKinds.AsNoTracking().Where(k => k.Active && above.Contains(k.OrgPath))
            .Join(db.Organizations, k => k.OrganizationId, o => o.Id, (k, o) => new { k, o.Name })
            .OrderBy(x => x.k.Name).Select(x => new Kind(x.k.Id, x.k.Name, x.k.Description, x.k.Prepare, x.Name)).ToListAsync(ct);
    }

    /// <summary>The free slots of the kind's team from now to <see cref="BookingRules.BookableDays"/> ahead, earliest first (at most 200).</summary>
    public static async Task<Outcome<IReadOnlyList<Slot>>> SlotsAsync(Resident resident, long? kindId, AppDb db, Scope scope, CancellationToken ct)
    {
        var kind = await KindAsync(resident, kindId, db, scope, ct);
        if (kind is null)
        {
            return Outcome<IReadOnlyList<Slot>>.Invalid("kindId", "请选择本社区提供的服务项目");
        }
        var now = db.Clock.GetUtcNow();
        var until = now.AddDays(BookingRules.BookableDays);
        var slots = await db.ServiceSlots.AsNoTracking()
            .Where(x => x.OrganizationId == kind.OrganizationId && x.StartsAt > now && x.StartsAt < until && !x.Withdrawn && x.Worker!.Active
                && !db.Bookings.Any(b => b.HeldSlotId == x.Id)
                && !db.Bookings.Any(b => b.HeldWorkerId == x.WorkerId && b.StartsAt < x.EndsAt && x.StartsAt < b.EndsAt))
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(200).Select(x => new Slot(x.Id, x.StartsAt, x.EndsAt, x.Worker!.Name)).ToListAsync(ct);
        return Outcome<IReadOnlyList<Slot>>.Ok(slots);
    }
}

/// <summary>Moves a booked visit to another free slot of the same team, with a reason; the database decides as for a new booking.</summary>
public static class RescheduleBooking
{
    public sealed record Request(long? SlotId, [property: MaxLength(BookingRules.MaxReason)] string? Reason);

    public static async Task<Outcome<long>> ByResidentAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var (resident, booking) = await BookingAccess.ForResidentAsync(id, s, tracking: true, ct);
        return booking is null ? Outcome<long>.NotFound("预约") : await MoveAsync(booking, request, resident!.Name, s, ct);
    }

    public static async Task<Outcome<long>> ByServerAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: true, ct);
        if (booking is null)
        {
            return Outcome<long>.NotFound("预约");
        }
        if (booking.BookedByAccountId != account.UserId && !BookingAccess.Manages(booking, account))
        {
            return Outcome<long>.Conflict("只有居民本人、代为预约的人或社区可以改约");
        }
        return await MoveAsync(booking, request, account.DisplayName, s, ct);
    }

    private static async Task<Outcome<long>> MoveAsync(Booking booking, Request request, string byName, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "改约的原因", request.Reason, BookingRules.MaxReason);
        var now = s.Db.Clock.GetUtcNow();
        var slot = request.SlotId is { } slotId
            ? await s.Db.ServiceSlots.AsNoTracking().Include(x => x.Worker).FirstOrDefaultAsync(x => x.Id == slotId && x.OrganizationId == booking.OrganizationId, ct)
            : null;
        if (slot is null || slot.Id == booking.SlotId)
        {
            errors.Add("slotId", "请选择另一个上门时段");
        }
        else if (slot.StartsAt <= now)
        {
            errors.Add("slotId", "这个时段已经过去了，请选择以后的时段");
        }
        else if (slot.Withdrawn || slot.Worker is not { Active: true })
        {
            errors.Add("slotId", "这个时段已取消排班，请选择其他时段");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (booking.State != BookingState.Booked)
        {
            return Outcome<long>.Conflict($"预约{booking.State.Chinese()}，不能改约");
        }
        var before = BookVisit.When(booking);
        var oldWorker = booking.WorkerId;
        BookVisit.Hold(booking, slot!);
        booking.Reschedules++;
        booking.RescheduleReason = reason;
        booking.Version++;
        await BookingNotices.ToPeopleAsync(s.Db, booking, $"上门服务改约：{BookVisit.When(booking)}", $"{booking.KindName}由{before}改到{BookVisit.When(booking)}（{byName}：{reason}）",
            oldWorker, ct);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("这个时段刚刚被别人预约了，请选择其他时段");
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("预约刚刚有了变化，请刷新后再试");
        }
        return Outcome<long>.Ok(booking.Id);
    }
}

/// <summary>Cancels a booked visit, with a reason: the slot is free again at once.</summary>
public static class CancelBooking
{
    public sealed record Request([property: MaxLength(BookingRules.MaxReason)] string? Reason);

    public static async Task<Outcome<long>> ByResidentAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var (resident, booking) = await BookingAccess.ForResidentAsync(id, s, tracking: true, ct);
        return booking is null ? Outcome<long>.NotFound("预约") : await CancelAsync(booking, request, resident!.Name, s, ct);
    }

    public static async Task<Outcome<long>> ByServerAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: true, ct);
        if (booking is null)
        {
            return Outcome<long>.NotFound("预约");
        }
        if (booking.BookedByAccountId != account.UserId && !BookingAccess.Manages(booking, account))
        {
            return Outcome<long>.Conflict("只有居民本人、代为预约的人或社区可以取消预约");
        }
        return await CancelAsync(booking, request, account.DisplayName, s, ct);
    }

    private static async Task<Outcome<long>> CancelAsync(Booking booking, Request request, string byName, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "取消的原因", request.Reason, BookingRules.MaxReason);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (booking.State != BookingState.Booked)
        {
            return Outcome<long>.Conflict($"预约{booking.State.Chinese()}，不能取消");
        }
        booking.State = BookingState.Cancelled;
        booking.HeldSlotId = booking.HeldWorkerId = null;
        booking.CancelReason = reason;
        booking.CancelledBy = byName;
        booking.Version++;
        await BookingNotices.ToPeopleAsync(s.Db, booking, $"上门服务已取消：{BookVisit.When(booking)}", $"{booking.KindName}（{byName}：{reason}）", null, ct);
        return await BookingSave.CommitAsync(s.Db, booking.Id, ct);
    }
}

/// <summary>
/// The visit is recorded as done, with a note (photos as attachments), by the worker who went or by the team's
/// organization; not before its time. A worker who is a member gets the visit on their activity record.
/// </summary>
public static class CompleteBooking
{
    public sealed record Request([property: MaxLength(BookingRules.MaxText)] string? Note);

    public static async Task<Outcome<long>> Handle(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: true, ct);
        if (booking is null)
        {
            return Outcome<long>.NotFound("预约");
        }
        var errors = new FieldErrors();
        var note = errors.Text("note", "服务情况", request.Note, BookingRules.MaxText);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var isWorker = await BookingAccess.IsWorkerAsync(booking, account, s.Db, ct);
        if (!isWorker && !BookingAccess.Manages(booking, account))
        {
            return Outcome<long>.Conflict("只有上门的服务人员或社区可以登记服务情况");
        }
        if (booking.State != BookingState.Booked)
        {
            return Outcome<long>.Conflict($"预约{booking.State.Chinese()}，不能登记");
        }
        var now = s.Db.Clock.GetUtcNow();
        if (booking.StartsAt > now)
        {
            return Outcome<long>.Conflict($"还没到上门时间（{BookVisit.When(booking)}），上门后再登记");
        }
        var today = BeijingDay.Of(now);
        booking.State = BookingState.Done;
        booking.CompletionNote = note;
        booking.DoneOn = today;
        booking.DoneBy = account.DisplayName;
        booking.Version++;
        if (isWorker && account.MemberId is { } memberId)
        {
            var orgPath = await s.Db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.OrgPath).FirstAsync(ct);
            ActivityLedger.Record(s.Db, memberId, orgPath, ActivityKinds.HomeVisit, booking.KindName, BeijingDay.Of(booking.StartsAt), 1, nameof(Booking), booking.Id);
        }
        await BookingNotices.ToResidentAsync(s.Db, booking, "上门服务已完成，请评价", $"{booking.KindName}（{BookVisit.When(booking)}）已由{booking.WorkerName}完成，请打分。", ct);
        return await BookingSave.CommitAsync(s.Db, booking.Id, ct);
    }
}

/// <summary>The resident rates a done visit 1 to 5, once; for a resident without an account, the one who booked it for them does.</summary>
public static class RateBooking
{
    public sealed record Request(int? Rating, [property: MaxLength(BookingRules.MaxReason)] string? Comment);

    public static async Task<Outcome<long>> ByResidentAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var (resident, booking) = await BookingAccess.ForResidentAsync(id, s, tracking: true, ct);
        return booking is null ? Outcome<long>.NotFound("预约") : await RateAsync(booking, request, resident!.Name, s, ct);
    }

    public static async Task<Outcome<long>> OnBehalfAsync(long id, Request request, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: true, ct);
        if (booking is null)
        {
            return Outcome<long>.NotFound("预约");
        }
        var hasAccount = await s.Db.Residents.AnyAsync(r => r.Id == booking.ResidentId && r.AccountId != null, ct);
        if (booking.BookedByAccountId != account.UserId || hasAccount)
        {
            return Outcome<long>.Conflict(hasAccount ? "居民有自己的账号，请居民本人评价" : "只有代为预约的人可以代居民评价");
        }
        return await RateAsync(booking, request, $"{account.DisplayName}（代居民评价）", s, ct);
    }

    private static async Task<Outcome<long>> RateAsync(Booking booking, Request request, string byName, BookingServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Rating is not (>= 1 and <= 5))
        {
            errors.Add("rating", "请打1到5分");
        }
        var comment = errors.Text("comment", "评价", request.Comment, BookingRules.MaxReason, required: false);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (booking.State != BookingState.Done)
        {
            return Outcome<long>.Conflict(booking.State == BookingState.Rated ? "已经评价过了" : $"预约{booking.State.Chinese()}，上门服务完成后才能评价");
        }
        booking.State = BookingState.Rated;
        booking.Rating = request.Rating;
        booking.RatingComment = comment;
        booking.RatedBy = byName;
        booking.Version++;
        var worker = await s.Db.ServiceWorkers.AsNoTracking().Where(w => w.Id == booking.WorkerId && w.AccountId != null)
            .Join(s.Db.Users, w => w.AccountId, u => u.Id, (w, u) => new { u.Id, u.MemberId }).FirstOrDefaultAsync(ct);
        if (worker?.MemberId is { } member)
        {
            var orgPath = await s.Db.Members.AsNoTracking().Where(m => m.Id == member).Select(m => m.OrgPath).FirstAsync(ct);
            ActivityLedger.Record(s.Db, member, orgPath, ActivityKinds.HomeVisitRating, booking.KindName, BeijingDay.Of(s.Db.Clock.GetUtcNow()), request.Rating!.Value,
                nameof(Booking), booking.Id);
        }
        if (worker is not null)
        {
            Notices.ToAccount(s.Db, worker.Id, "居民评价了您的上门服务", $"{booking.KindName}：{request.Rating}分", $"/Bookings/Details?id={booking.Id}", nameof(Booking), booking.Id);
        }
        return await BookingSave.CommitAsync(s.Db, booking.Id, ct);
    }
}

internal static class BookingNotices
{
    /// <summary>The resident's account hears in the app; a resident without one hears through the one who booked for them.</summary>
    public static Task ToResidentAsync(AppDb db, Booking booking, string title, string body, CancellationToken ct) =>
        ResidentNotices.ToResidentAsync(db, booking.ResidentId, booking.ResidentName, booking.BookedByAccountId, title, body,
            new ResidentNotices.Source(nameof(Booking), booking.Id, $"/Bookings/Mine?id={booking.Id}", $"/Bookings/Details?id={booking.Id}"), ct);

    /// <summary>A change of time or a cancellation: the resident (or their booker), the worker now, and the worker before when it changed.</summary>
    public static async Task ToPeopleAsync(AppDb db, Booking booking, string title, string body, long? previousWorker, CancellationToken ct)
    {
        await ToResidentAsync(db, booking, title, body, ct);
        var workers = new[] { booking.WorkerId, previousWorker ?? booking.WorkerId }.Distinct().ToList();
        var accounts = await db.ServiceWorkers.AsNoTracking().Where(w => workers.Contains(w.Id) && w.AccountId != null).Select(w => w.AccountId!).ToListAsync(ct);
        foreach (var account in accounts)
        {
            Notices.ToAccount(db, account, title, body, $"/Bookings/Details?id={booking.Id}", nameof(Booking), booking.Id);
        }
    }

}

internal static class BookingSave
{
    public static Task<Outcome<T>> CommitAsync<T>(AppDb db, T value, CancellationToken ct) => db.SaveOrConflictAsync(value, "预约刚刚有了变化，请刷新后再试", ct);
}
