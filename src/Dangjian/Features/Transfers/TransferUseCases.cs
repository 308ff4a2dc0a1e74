using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>Issue a letter (转出), receive it (转入, with receipt), cancel it; and letters arriving from another system.</summary>
public static class TransferUseCases
{
    public sealed record IssueRequest(long MemberId, long? ToOrganizationId, string? ToExternal, string? LetterNumber, string? DuesPaidThrough,
        DateOnly? IssuedOn, int? ValidityDays, string? Note);

    private const string AlreadyLeaving = "该党员已有正在办理的组织关系转接，请先接收或撤销原介绍信";

    public static async Task<Outcome<long>> Issue(IssueRequest request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.MemberId && m.LeftAt == null, ct);
        if (member is null || !await scope.AllowsAsync(member.OrgPath, nameof(Member), request.MemberId, ct))
        {
            return Outcome<long>.Invalid("memberId", "党员不存在或不在您的管辖范围内");
        }
        var errors = new FieldErrors();
        Organization? target = null;
        var external = errors.Text("toExternal", "转入单位（系统外）", request.ToExternal, 100, required: false);
        if (request.ToOrganizationId is { } toId)
        {
            target = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toId && o.DissolvedAt == null, ct);
            if (target is null)
            {
                errors.Add("toOrganizationId", "转入党组织不存在");
            }
            else if (target.Kind == OrganizationKind.PartyGroup)
            {
                errors.Add("toOrganizationId", "组织关系应转入党支部，不能转入党小组");
            }
            else if (target.Id == member.OrganizationId)
            {
                errors.Add("toOrganizationId", "转入党组织与当前所在党组织相同");
            }
            if (external is not null)
            {
                errors.Add("toExternal", "系统内转入组织和系统外转入单位只能填一个");
            }
        }
        else if (external is null && !errors.Has("toExternal"))
        {
            errors.Add("toOrganizationId", "请选择转入党组织，或填写系统外的转入单位");
        }
        var letter = errors.Text("letterNumber", "介绍信编号", request.LetterNumber, 50);
        var dues = request.DuesPaidThrough?.Trim();
        if (string.IsNullOrEmpty(dues) || !DateOnly.TryParseExact(dues + "-01", "yyyy-MM-dd", out var duesMonth))
        {
            errors.Add("duesPaidThrough", "党费交至月份应为“年-月”格式，如 2026-10");
        }
        else if (duesMonth > DateOnly.FromDateTime(clock.GetLocalNow().Date).AddMonths(12))
        {
            errors.Add("duesPaidThrough", "党费交至月份不能超过一年以后");
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var issuedOn = request.IssuedOn ?? today;
        if (issuedOn > today)
        {
            errors.Add("issuedOn", "开具日期不能晚于今天");
        }
        var validity = request.ValidityDays ?? (int)(await rules.ResolveAsync(RuleCatalog.TransferLetterValidityDays, member.OrgPath, ct)).Value;
        if (validity is < 1 or > 90)
        {
            errors.Add("validityDays", "介绍信有效期应在1到90天之间");
        }
        var note = errors.Text("note", "备注", request.Note, 500, required: false);
        if (letter is not null && await db.Transfers.AnyAsync(t => t.LetterNumber == letter, ct))
        {
            errors.Add("letterNumber", "介绍信编号已存在");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await db.Transfers.AnyAsync(t => t.MemberId == member.Id && t.Status == TransferStatus.Pending, ct))
        {
            return Outcome<long>.Conflict(AlreadyLeaving);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the member first. Of letters issued at the same moment, the later ones find the version moved and stop
        // here, rather than colliding on the one-pending-letter index, which the database reports as an error.
        var claimed = await db.Members.Where(m => m.Id == member.Id && m.Version == member.Version && m.LeftAt == null)
            .BypassingSaveSteps("only the concurrency token moves, which audit lines, tallies and windows leave out")
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Version, m => m.Version + 1), ct);
        if (claimed == 0)
        {
            return Outcome<long>.Conflict(AlreadyLeaving);
        }
        var transfer = new Transfer
        {
            MemberId = member.Id,
            MemberName = member.Name,
            FromOrganizationId = member.OrganizationId,
            FromPath = member.OrgPath,
            ToOrganizationId = target?.Id,
            ToPath = target?.Path,
            ToExternal = target is null ? external : null,
            LetterNumber = letter!,
            IssuedOn = issuedOn,
            ValidUntil = issuedOn.AddDays(validity),
            DuesPaidThrough = dues!,
            Note = note,
        };
        db.Transfers.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The last guard: the unique indexes allow one pending letter per member, and one letter per number.
            return Outcome<long>.Conflict("该党员已有正在办理的组织关系转接，或介绍信编号重复");
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(transfer.Id);
    }

    public sealed record ReceiveRequest(string? ReceiptNumber, long? PartyGroupId);

    /// <summary>
    /// The receiving organization records the receipt: the member moves there in the same transaction. For a letter to
    /// another system, the issuing side records the receipt that came back, and the member leaves this system.
    /// </summary>
    public static async Task<Outcome<long>> Receive(long id, ReceiveRequest request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await db.Transfers.FirstOrDefaultAsync(t => t.Id == id, ct);
        var receiverPath = transfer?.ToPath ?? transfer?.FromPath;
        if (transfer is null || !await scope.AllowsAsync(receiverPath, nameof(Transfer), id, ct))
        {
            return Outcome<long>.NotFound("组织关系转接");
        }
        var errors = new FieldErrors();
        var receipt = errors.Text("receiptNumber", "回执编号", request.ReceiptNumber, 50);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == transfer.MemberId, ct);
        if (member is null)
        {
            return Outcome<long>.NotFound("党员");
        }
        var refusal = transfer.Receive(receipt!, db.Actor, clock.GetUtcNow());
        if (refusal is not null)
        {
            return Outcome<long>.Conflict(refusal);
        }
        if (transfer.ToOrganizationId is { } toId)
        {
            if (request.PartyGroupId is { } groupId && !await db.Organizations.AnyAsync(o => o.Id == groupId && o.ParentId == toId && o.Kind == OrganizationKind.PartyGroup, ct))
            {
                return Outcome<long>.Invalid("partyGroupId", "所选党小组不属于转入党组织");
            }
            member.MoveTo(toId, transfer.ToPath!, request.PartyGroupId);
        }
        else if (member.Leave(clock.GetUtcNow()) is { } leaving)
        {
            return Outcome<long>.Conflict(leaving);
        }
        member.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该转接刚被他人处理，请刷新后查看");
        }
        return Outcome<long>.Ok(id);
    }

    public sealed record CancelRequest(string? Reason);

    /// <summary>The issuing side withdraws a pending letter (for instance an expired one); the member stays where they are.</summary>
    public static async Task<Outcome<long>> Cancel(long id, CancelRequest request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await db.Transfers.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (transfer is null || !await scope.AllowsAsync(transfer.FromPath, nameof(Transfer), id, ct))
        {
            return Outcome<long>.NotFound("组织关系转接");
        }
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "撤销原因", request.Reason, 500, required: false);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var refusal = transfer.Cancel(db.Actor, clock.GetUtcNow(), reason);
        if (refusal is not null)
        {
            return Outcome<long>.Conflict(refusal);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该转接刚被他人处理，请刷新后查看");
        }
        return Outcome<long>.Ok(id);
    }

    public sealed record IncomingRequest(MemberInput Member, string? FromExternal, string? LetterNumber, string? DuesPaidThrough, DateOnly? IssuedOn, string? ReceiptNumber);

    /// <summary>A letter from another city's system: the receiving organization registers the member on arrival.</summary>
    public static async Task<Outcome<long>> ReceiveFromExternal(IncomingRequest request, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        // The member's fields travel inside "member": their errors are named so, as the JSON path is.
        var memberErrors = new FieldErrors();
        var valid = request.Member.Validate(memberErrors, today);
        var org = await MemberPlacement.CheckAsync(request.Member.OrganizationId, request.Member.PartyGroupId, memberErrors, db, scope, ct);
        foreach (var (field, messages) in memberErrors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add("member." + field, message);
            }
        }
        var from = errors.Text("fromExternal", "转出单位", request.FromExternal, 100);
        var letter = errors.Text("letterNumber", "介绍信编号", request.LetterNumber, 50);
        var receipt = errors.Text("receiptNumber", "回执编号", request.ReceiptNumber, 50);
        if (string.IsNullOrWhiteSpace(request.DuesPaidThrough) || !DateOnly.TryParseExact(request.DuesPaidThrough.Trim() + "-01", "yyyy-MM-dd", out _))
        {
            errors.Add("duesPaidThrough", "党费交至月份应为“年-月”格式，如 2026-10");
        }
        if (request.Member.WellFormedIdNumber is { } idNumber && await db.Members.AnyAsync(m => m.IdNumberHash == protector.Hash(idNumber), ct))
        {
            errors.Add("member.idNumber", "该身份证号已登记为本系统党员，请使用系统内转接");
        }
        if (letter is not null && await db.Transfers.AnyAsync(t => t.LetterNumber == letter, ct))
        {
            errors.Add("letterNumber", "介绍信编号已存在");
        }
        if (errors.Any || valid is null || org is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var member = new Member { Name = valid.Name, OrganizationId = org.Id, OrgPath = org.Path, PartyGroupId = request.Member.PartyGroupId };
        MemberWriter.Apply(member, valid, protector);
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        var issuedOn = request.IssuedOn ?? today;
        db.Transfers.Add(Transfer.ReceivedFromExternal(member.Name, member.Id, from!, org.Id, org.Path, letter!, issuedOn, issuedOn.AddDays(30),
            request.DuesPaidThrough!.Trim(), receipt!, db.Actor, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(member.Id);
    }

    public sealed record Row(long Id, long? MemberId, string MemberName, string From, string To, string LetterNumber, DateOnly IssuedOn,
        DateOnly ValidUntil, string DuesPaidThrough, TransferStatus Status, string StatusName, bool IsExpired, string? ReceiptNumber,
        bool Outgoing, bool Incoming, bool CanReceive, bool CanCancel);

    /// <summary>Letters issued from or addressed to the caller's subtree.</summary>
    public static async Task<IReadOnlyList<Row>> List(TransferStatus? status, string? direction, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var outgoing = db.Transfers.AsNoTracking().Where(t => string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0);
        var incoming = db.Transfers.AsNoTracking().Where(t => string.Compare(t.ToPath, path) >= 0 && string.Compare(t.ToPath, hi) < 0);
        var query = direction switch
        {
            "out" => outgoing,
            "in" => incoming,
            _ => outgoing.Union(incoming),
        };
        if (status is { } s)
        {
            query = query.Where(t => t.Status == s);
        }
        var rows = await query.OrderByDescending(t => t.Id).Take(500).ToListAsync(ct);
        var orgIds = rows.SelectMany(t => new[] { t.FromOrganizationId ?? 0, t.ToOrganizationId ?? 0 }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        return rows.Select(t =>
        {
            var isOut = t.FromPath is not null && OrgPath.IsWithin(t.FromPath, path);
            var isIn = t.ToPath is not null && OrgPath.IsWithin(t.ToPath, path);
            var pending = t.Status == TransferStatus.Pending;
            return new Row(t.Id, t.MemberId, t.MemberName, t.FromExternal ?? names.GetValueOrDefault(t.FromOrganizationId ?? 0, ""),
                t.ToExternal ?? names.GetValueOrDefault(t.ToOrganizationId ?? 0, ""), t.LetterNumber, t.IssuedOn, t.ValidUntil, t.DuesPaidThrough,
                t.Status, StatusName(t.Status), t.IsExpired(today), t.ReceiptNumber, isOut, isIn,
                pending && (isIn || (isOut && t.ToOrganizationId is null)), pending && isOut);
        }).ToList();
    }

    public static string StatusName(TransferStatus s) => s switch
    {
        TransferStatus.Pending => "待接收",
        TransferStatus.Received => "已接收",
        TransferStatus.Cancelled => "已撤销",
        _ => s.ToString(),
    };
}
