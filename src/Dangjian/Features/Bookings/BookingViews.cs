using Dangjian.Features.Residents;
using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Bookings;

/// <summary>A booking as a list shows it: what, when, who goes, where it stands; the resident named as 张**, no address.</summary>
public sealed record BookingRow(long Id, long KindId, string KindName, string ResidentName, string ForWhom, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When,
    string WorkerName, BookingState State, string StateName, int? Rating)
{
    internal static BookingRow Of(Booking b, bool fullNames) => new(b.Id, b.ServiceKindId, b.KindName, fullNames ? b.ResidentName : Wishes.WishRow.MaskName(b.ResidentName),
        fullNames ? b.ForWhom : Wishes.WishRow.MaskName(b.ForWhom), b.StartsAt, b.EndsAt, BookVisit.When(b), b.WorkerName, b.State, b.State.Chinese(), b.Rating);
}

public static class GetBooking
{
    /// <summary>
    /// One booking. The address is shown to those who go or arrange the visit (the resident, the booker, the worker, the
    /// team); masked for a level above that only oversees.
    /// </summary>
    public sealed record Response(BookingRow Booking, string Team, string Address, string Note, string BookedBy, int Reschedules, string? RescheduleReason,
        string? CancelReason, string? CancelledBy, string? CompletionNote, DateOnly? DoneOn, string? DoneBy, string? RatingComment, string? RatedBy,
        IReadOnlyList<AttachmentFiles.View> Photos, bool MayChange, bool MayComplete, bool MayRate);

    public static async Task<Outcome<Response>> ForResidentAsync(long id, BookingServices s, CancellationToken ct)
    {
        var (_, booking) = await BookingAccess.ForResidentAsync(id, s, tracking: false, ct);
        return booking is null ? Outcome<Response>.NotFound("预约")
            : Outcome<Response>.Ok(await ViewAsync(booking, true, booking.State == BookingState.Booked, false, booking.State == BookingState.Done, s, ct));
    }

    public static async Task<Outcome<Response>> ForServerAsync(long id, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: false, ct);
        if (booking is null)
        {
            return Outcome<Response>.NotFound("预约");
        }
        var isWorker = await BookingAccess.IsWorkerAsync(booking, account, s.Db, ct);
        var isBooker = booking.BookedByAccountId == account.UserId;
        var team = isWorker || isBooker || (BookingAccess.Manages(booking, account) && account.OrganizationId == booking.OrganizationId);
        var manages = BookingAccess.Manages(booking, account);
        var hasAccount = await s.Db.Residents.AnyAsync(r => r.Id == booking.ResidentId && r.AccountId != null, ct);
        var open = booking.State == BookingState.Booked;
        return Outcome<Response>.Ok(await ViewAsync(booking, team, open && (isBooker || manages),
            open && (isWorker || manages) && booking.StartsAt <= s.Db.Clock.GetUtcNow(), booking.State == BookingState.Done && isBooker && !hasAccount, s, ct));
    }

    private static async Task<Response> ViewAsync(Booking b, bool full, bool mayChange, bool mayComplete, bool mayRate, BookingServices s, CancellationToken ct)
    {
        var team = await s.Db.Organizations.AsNoTracking().Where(o => o.Id == b.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var address = s.Protector.Decrypt(b.AddressCipher);
        return new Response(BookingRow.Of(b, full), team, full ? address : MaskAddress(address), b.Note, b.BookedBy, b.Reschedules, b.RescheduleReason, b.CancelReason,
            b.CancelledBy, b.CompletionNote, b.DoneOn, b.DoneBy, b.RatingComment, b.RatedBy, await AttachmentFiles.ListAsync(s.Db, nameof(Booking), b.Id, ct),
            mayChange, mayComplete, mayRate);
    }

    /// <summary>The street and the first characters only: where in the area, not which door.</summary>
    public static string MaskAddress(string address) => address.Length <= 4 ? new string('*', address.Length) : address[..4] + new string('*', Math.Min(address.Length - 4, 8));
}

/// <summary>The signed-in resident's bookings, newest first (the last 50).</summary>
public static class MyBookings
{
    public static async Task<IReadOnlyList<BookingRow>> Handle(BookingServices s, CancellationToken ct)
    {
        var resident = await MyResident.OfAsync(await s.User.RequireAsync(ct), s.Db, ct);
        if (resident is null)
        {
            return [];
        }
        var rows = await s.Db.Bookings.AsNoTracking().Where(b => b.ResidentId == resident.Id).OrderByDescending(b => b.Id).Take(50).ToListAsync(ct);
        return [.. rows.Select(b => BookingRow.Of(b, true))];
    }
}

/// <summary>What a resident (or someone booking for one) may book: the kinds, and a kind's free slots.</summary>
public static class BookingOptions
{
    public static async Task<Outcome<IReadOnlyList<Offered.Kind>>> KindsAsync(long? residentId, BookingServices s, CancellationToken ct)
    {
        var resident = await ResidentAsync(residentId, s, ct);
        return resident is null ? Outcome<IReadOnlyList<Offered.Kind>>.Invalid("residentId", "居民不存在或不在您服务的社区")
            : Outcome<IReadOnlyList<Offered.Kind>>.Ok(await Offered.KindsAsync(resident, s.Db, ct));
    }

    public static async Task<Outcome<IReadOnlyList<Offered.Slot>>> SlotsAsync(long? residentId, long? kindId, BookingServices s, CancellationToken ct)
    {
        var resident = await ResidentAsync(residentId, s, ct);
        return resident is null ? Outcome<IReadOnlyList<Offered.Slot>>.Invalid("residentId", "居民不存在或不在您服务的社区")
            : await Offered.SlotsAsync(resident, kindId, s.Db, s.Scope, ct);
    }

    /// <summary>The signed-in resident when <paramref name="residentId"/> is null; else that resident, when the caller serves their community.</summary>
    private static async Task<Resident?> ResidentAsync(long? residentId, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        if (residentId is null)
        {
            return account.Can(Permission.UseResidentServices) ? await MyResident.OfAsync(account, s.Db, ct) : null;
        }
        var resident = await s.Db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, ct);
        return resident is not null && account.Can(Permission.ServeResidents) && await s.Scope.ServesAsync(resident.OrgPath, nameof(Resident), resident.Id, ct)
            ? resident : null;
    }
}

/// <summary>
/// A team's week: its kinds, its people, and every slot of the days asked with its booking (the rota as the team
/// arranges it), and the month's figures: booked, done, cancelled, average rating.
/// </summary>
public static class TeamRota
{
    public sealed record KindView(long Id, string Name, string Description, string Prepare, bool Active);

    public sealed record WorkerView(long Id, string Name, bool HasAccount, bool Active);

    public sealed record SlotView(long Id, long WorkerId, string Worker, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Withdrawn, BookingRow? Booking);

    public sealed record Figures(int Booked, int Done, int Cancelled, decimal? AverageRating);

    public sealed record TeamLink(long OrganizationId, string Name);

    /// <param name="Teams">The other teams in the organization's subtree (at most 50), for a street or district to reach its communities' rotas.</param>
    public sealed record Response(long OrganizationId, string Organization, DateOnly From, DateOnly To, IReadOnlyList<KindView> Kinds, IReadOnlyList<WorkerView> Workers,
        IReadOnlyList<SlotView> Slots, Figures Month, IReadOnlyList<TeamLink> Teams);

    public const int MaxDays = 14;

    public static async Task<Outcome<Response>> Handle(long? organizationId, DateOnly? from, int? days, BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var team = await TeamOrganization.FindAsync(organizationId ?? account.OrganizationId, s, ct);
        if (team is null)
        {
            return Outcome<Response>.Invalid("organizationId", "请选择本辖区的社区或街道");
        }
        var span = days ?? 7;
        if (span is < 1 or > MaxDays)
        {
            return Outcome<Response>.Invalid("days", $"天数应为1到{MaxDays}");
        }
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        var start = from ?? today;
        var (id, _, name) = team.Value;
        var kinds = await s.Db.ServiceKinds.AsNoTracking().Where(k => k.OrganizationId == id).OrderBy(k => k.Name)
            .Select(k => new KindView(k.Id, k.Name, k.Description, k.Prepare, k.Active)).ToListAsync(ct);
        var workers = await s.Db.ServiceWorkers.AsNoTracking().Where(w => w.OrganizationId == id).OrderBy(w => w.Id)
            .Select(w => new WorkerView(w.Id, w.Name, w.AccountId != null, w.Active)).ToListAsync(ct);
        var lo = BeijingDay.Start(start);
        var hi = BeijingDay.Start(start.AddDays(span));
        var slots = await s.Db.ServiceSlots.AsNoTracking().Where(x => x.OrganizationId == id && x.StartsAt >= lo && x.StartsAt < hi)
            .OrderBy(x => x.StartsAt).ThenBy(x => x.WorkerId).Take(2000)
            .Select(x => new { x.Id, x.WorkerId, Worker = x.Worker!.Name, x.StartsAt, x.EndsAt, x.Withdrawn }).ToListAsync(ct);
        var slotIds = slots.Select(x => x.Id).ToList();
        var bookings = await s.Db.Bookings.AsNoTracking().Where(b => b.OrganizationId == id && b.HeldSlotId != null && slotIds.Contains(b.HeldSlotId.Value)).ToListAsync(ct);
        var bySlot = bookings.ToDictionary(b => b.HeldSlotId!.Value);
        var monthStart = BeijingDay.Start(new DateOnly(today.Year, today.Month, 1));
        var month = await s.Db.Bookings.AsNoTracking().Where(b => b.OrganizationId == id && b.StartsAt >= monthStart && b.StartsAt < BeijingDay.Start(new DateOnly(today.Year, today.Month, 1).AddMonths(1)))
            .GroupBy(b => 1).Select(g => new
            {
                Booked = g.Count(b => b.State != BookingState.Cancelled),
                Done = g.Count(b => b.State == BookingState.Done || b.State == BookingState.Rated),
                Cancelled = g.Count(b => b.State == BookingState.Cancelled),
                Rated = g.Count(b => b.Rating != null),
                Sum = g.Sum(b => b.Rating ?? 0),
            }).FirstOrDefaultAsync(ct);
        var figures = month is null ? new Figures(0, 0, 0, null)
            : new Figures(month.Booked, month.Done, month.Cancelled, month.Rated == 0 ? null : Math.Round((decimal)month.Sum / month.Rated, 1));
        var path = team.Value.Path;
        var teams = await s.Db.ServiceKinds.AsNoTracking().Where(k => k.OrgPath.StartsWith(path) && k.OrganizationId != id).Select(k => k.OrganizationId).Distinct()
            .Take(50).Join(s.Db.Organizations, k => k, o => o.Id, (k, o) => new TeamLink(o.Id, o.Name)).ToListAsync(ct);
        var full = account.OrganizationId == id;
        return Outcome<Response>.Ok(new Response(id, name, start, start.AddDays(span - 1), kinds, workers,
            [.. slots.Select(x => new SlotView(x.Id, x.WorkerId, x.Worker, x.StartsAt, x.EndsAt, x.Withdrawn, bySlot.TryGetValue(x.Id, out var b) ? BookingRow.Of(b, full) : null))],
            figures, [.. teams.OrderBy(x => x.Name, StringComparer.Ordinal)]));
    }
}

/// <summary>The visits the signed-in worker is to make (booked, from today on) and those waiting to be recorded.</summary>
public static class MyVisits
{
    public static async Task<IReadOnlyList<BookingRow>> Handle(BookingServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var workers = await s.Db.ServiceWorkers.AsNoTracking().Where(w => w.AccountId == account.UserId).Select(w => w.Id).ToListAsync(ct);
        var rows = await s.Db.Bookings.AsNoTracking().Where(b => workers.Contains(b.WorkerId) && b.State == BookingState.Booked)
            .OrderBy(b => b.StartsAt).Take(100).ToListAsync(ct);
        return [.. rows.Select(b => BookingRow.Of(b, true))];
    }
}

/// <summary>A done visit's photos, by the worker who went or the team; served to whoever reaches the booking.</summary>
public static class BookingPhotos
{
    public static async Task<Outcome<long>> AddAsync(long id, string? fileName, Stream? content, BookingServices s, AttachmentStore store, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: false, ct);
        if (booking is null)
        {
            return Outcome<long>.NotFound("预约");
        }
        if (!await BookingAccess.IsWorkerAsync(booking, account, s.Db, ct) && !BookingAccess.Manages(booking, account))
        {
            return Outcome<long>.Conflict("只有上门的服务人员或社区可以添加服务照片");
        }
        if (booking.State is not (BookingState.Booked or BookingState.Done) || booking.StartsAt > s.Db.Clock.GetUtcNow())
        {
            return Outcome<long>.Conflict("上门时或上门后、评价前可以添加服务照片");
        }
        return content is null ? Outcome<long>.Invalid("file", "请以 multipart/form-data 上传照片，字段名为 file")
            : await AttachmentFiles.AddAsync(s.Db, store, new AttachmentOwner(nameof(Booking), booking.Id, booking.OrganizationId, booking.OrgPath), fileName, content, ct);
    }

    public static async Task<IResult> ServeToServerAsync(long id, long attachmentId, bool thumbnail, BookingServices s, AttachmentStore store, CancellationToken ct)
    {
        var booking = await BookingAccess.ForServerAsync(id, s, tracking: false, ct);
        return booking is null ? Outcome<long>.NotFound("预约").ToHttp(_ => Results.Empty)
            : await AttachmentFiles.ServeOwnedAsync(s.Db, nameof(Booking), booking.Id, attachmentId, thumbnail, store, ct);
    }

    public static async Task<IResult> ServeToResidentAsync(long id, long attachmentId, bool thumbnail, BookingServices s, AttachmentStore store, CancellationToken ct)
    {
        var (_, booking) = await BookingAccess.ForResidentAsync(id, s, tracking: false, ct);
        return booking is null ? Outcome<long>.NotFound("预约").ToHttp(_ => Results.Empty)
            : await AttachmentFiles.ServeOwnedAsync(s.Db, nameof(Booking), booking.Id, attachmentId, thumbnail, store, ct);
    }
}
