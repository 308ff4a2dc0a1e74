using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Dangjian.Features.Accounts;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Residents;

/// <summary>
/// The first step of a resident's registration: a six-digit code sent to the phone through the outgoing channel (an
/// SMS gateway in production, the log in development). At most one a minute and five a day per number. A number that
/// is already registered gets a message saying so instead of a code, and the answer is the same either way, so that
/// the page tells nobody which numbers are registered.
/// </summary>
public static class SendVerificationCode
{
    public static readonly TimeSpan Valid = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(60);
    public const int MaxPerDay = 5;

    public sealed record Request([property: MaxLength(30)] string? Phone);

    public sealed record Response(int ValidSeconds, int ResendAfterSeconds);

    public static async Task<Outcome<Response>> Handle(Request request, AppDb db, PersonalDataProtector protector, IOutgoingChannel channel, CancellationToken ct)
    {
        var phone = ResidentRules.CleanMobile(request.Phone);
        if (phone is null)
        {
            return Outcome<Response>.Invalid("phone", "手机号码应为11位手机号");
        }
        var hash = protector.Hash(phone);
        var now = db.Clock.GetUtcNow();
        // Compared here, not in SQL: SQLite cannot compare moments with an offset, and a number has few rows.
        var recent = await db.PhoneVerifications.AsNoTracking().Where(v => v.PhoneHash == hash).OrderByDescending(v => v.Id).Take(MaxPerDay)
            .Select(v => v.SentAt).ToListAsync(ct);
        if (recent.FirstOrDefault() is var last && recent.Count > 0 && now - last < ResendAfter)
        {
            return Outcome<Response>.Conflict($"验证码已发送，请{(int)Math.Ceiling((ResendAfter - (now - last)).TotalSeconds)}秒后再获取");
        }
        if (recent.Count(t => now - t < TimeSpan.FromDays(1)) >= MaxPerDay)
        {
            return Outcome<Response>.Conflict("这个号码今天获取验证码的次数已满，请明天再试，或到社区党群服务中心办理");
        }
        var registered = await db.Residents.AnyAsync(r => r.PhoneHash == hash && r.AccountId != null, ct);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        db.PhoneVerifications.Add(new PhoneVerification { PhoneHash = hash, CodeHash = protector.Hash(hash + ":" + code), SentAt = now, ExpiresAt = now + Valid });
        await db.SaveChangesAsync(ct);
        var text = registered
            ? "【党建】这个手机号已经注册过了，请直接用手机号和密码登录；忘记密码请联系所在社区。"
            : $"【党建】您的注册验证码是{code}，10分钟内有效。请不要告诉别人。";
        try
        {
            await channel.SendAsync(new OutgoingMessage(0, phone, text), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome<Response>.Conflict("短信暂时发不出去，请稍后再试");
        }
        return Outcome<Response>.Ok(new Response((int)Valid.TotalSeconds, (int)ResendAfter.TotalSeconds));
    }
}

/// <summary>
/// The second step: the code, the resident's name, a password and the community. Creates the resident's account
/// (signing in with the phone number) and the resident record, or links the account to the record a worker had
/// entered for the same number, so that the wishes collected for them are theirs. One transaction.
/// </summary>
public static class RegisterResident
{
    public const int MaxAttempts = 5;

    public sealed record Request(
        [property: MaxLength(30)] string? Phone,
        [property: MaxLength(6)] string? Code,
        [property: MaxLength(ResidentRules.MaxName)] string? Name,
        [property: MaxLength(200)] string? Password,
        long? CommunityId);

    public sealed record Registered(long ResidentId, string UserName);

    public static async Task<Outcome<Registered>> Handle(Request request, AppDb db, PersonalDataProtector protector, UserManager<AppUser> users, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var phone = ResidentRules.CleanMobile(request.Phone);
        if (phone is null)
        {
            errors.Add("phone", "手机号码应为11位手机号");
        }
        var code = request.Code?.Trim();
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            errors.Add("code", "请填写短信中的6位验证码");
        }
        var name = errors.Text("name", "姓名", request.Name, ResidentRules.MaxName);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "请设置登录密码");
        }
        var community = await Communities.FindAsync(db, request.CommunityId, ct);
        if (community is null)
        {
            errors.Add("communityId", "请选择所在的社区（村）");
        }
        if (errors.Any)
        {
            return Outcome<Registered>.Invalid(errors);
        }
        var hash = protector.Hash(phone!);
        var now = db.Clock.GetUtcNow();
        var verification = await db.PhoneVerifications.Where(v => v.PhoneHash == hash).OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        if (verification is null || verification.UsedAt is not null || now > verification.ExpiresAt || verification.Attempts >= MaxAttempts)
        {
            return Outcome<Registered>.Invalid("code", "验证码已失效，请重新获取");
        }
        if (verification.CodeHash != protector.Hash(hash + ":" + code))
        {
            verification.Attempts++;
            await db.SaveChangesAsync(ct);
            var left = MaxAttempts - verification.Attempts;
            return Outcome<Registered>.Invalid("code", left > 0 ? $"验证码不对，还可以再试{left}次" : "验证码不对，已失效，请重新获取");
        }
        var existing = await db.Residents.FirstOrDefaultAsync(r => r.PhoneHash == hash, ct);
        if (existing?.AccountId is not null)
        {
            return Outcome<Registered>.Conflict("这个手机号已经注册过了，请直接登录");
        }
        var userName = ResidentRules.AccountNameOf(hash);
        var account = new AppUser { UserName = userName, DisplayName = name!, Role = AppRole.Resident, OrganizationId = community!.Id };
        db.ActorOverride = userName;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var created = await users.CreateAsync(account, request.Password!);
            if (!created.Succeeded)
            {
                if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
                {
                    return Outcome<Registered>.Conflict("这个手机号已经注册过了，请直接登录");
                }
                foreach (var e in created.Errors)
                {
                    errors.Add("password", PasswordMessages.Naming("登录密码", e.Description));
                }
                return Outcome<Registered>.Invalid(errors);
            }
            var resident = existing ?? new Resident
            {
                Name = name!, PhoneCipher = protector.Encrypt(phone!), PhoneHash = hash, OrganizationId = community.Id, OrgPath = community.Path,
                EnteredBy = "本人注册", CreatedAt = now,
            };
            if (existing is null)
            {
                db.Residents.Add(resident);
            }
            else
            {
                // The one a worker entered: the resident's own name and community now stand.
                resident.Name = name!;
                resident.OrganizationId = community.Id;
                resident.OrgPath = community.Path;
                resident.Version++;
            }
            resident.AccountId = account.Id;
            verification.UsedAt = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<Registered>.Ok(new Registered(resident.Id, userName));
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<Registered>.Conflict("这个手机号已经注册过了，请直接登录");
        }
        finally
        {
            db.ActorOverride = null;
        }
    }

    /// <summary>The account name a resident signs in under, from the number they type; null when the text is no mobile number.</summary>
    public static string? AccountNameFor(string? typed, PersonalDataProtector protector) =>
        ResidentRules.CleanMobile(typed) is { } phone ? ResidentRules.AccountNameOf(protector.Hash(phone)) : null;
}
