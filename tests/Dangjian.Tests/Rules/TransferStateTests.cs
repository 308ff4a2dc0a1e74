using Dangjian.Features.Transfers;

namespace Dangjian.Tests.Rules;

public class TransferStateTests
{
    private static Transfer Pending() => new()
    {
        MemberName = "张三",
        LetterNumber = "XC-2026-001",
        DuesPaidThrough = "2026-10",
        IssuedOn = new DateOnly(2026, 11, 1),
        ValidUntil = new DateOnly(2026, 12, 1),
    };

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void A_pending_transfer_can_be_received_once()
    {
        var t = Pending();
        t.Receive("HZ-1", "minjing", Now, Today).ShouldBeNull();
        t.Status.ShouldBe(TransferStatus.Received);
        t.ReceiptNumber.ShouldBe("HZ-1");
        t.Receive("HZ-2", "minjing", Now, Today).ShouldBe("该转接已接收，不能重复接收");
        t.Cancel("yanzhong", Now, null).ShouldBe("该转接已接收，不能撤销");
    }

    [Fact]
    public void A_cancelled_transfer_cannot_be_received()
    {
        var t = Pending();
        t.Cancel("yanzhong", Now, "信息有误").ShouldBeNull();
        t.Status.ShouldBe(TransferStatus.Cancelled);
        t.Receive("HZ-1", "minjing", Now, Today).ShouldBe("该转接已撤销，不能接收");
    }

    [Fact]
    public void A_letter_expires_after_its_validity_only_while_pending()
    {
        var t = Pending();
        t.IsExpired(new DateOnly(2026, 12, 1)).ShouldBeFalse();
        t.IsExpired(new DateOnly(2026, 12, 2)).ShouldBeTrue();
        t.Receive("HZ-1", "minjing", Now, Today);
        t.IsExpired(new DateOnly(2026, 12, 2)).ShouldBeFalse();
    }

    [Fact]
    public void An_expired_letter_is_refused_until_its_issuer_extends_it()
    {
        var t = Pending();
        var later = new DateOnly(2026, 12, 5);
        t.Receive("HZ-1", "minjing", Now, later).ShouldBe("介绍信已于2026-12-01过期，请转出党组织延期后再接收");
        t.Status.ShouldBe(TransferStatus.Pending);
        t.Extend(later, 30).ShouldBeNull();
        t.ValidUntil.ShouldBe(new DateOnly(2027, 1, 4));
        t.Receive("HZ-1", "minjing", Now, later).ShouldBeNull();
        t.Extend(later, 30).ShouldBe("该转接已接收，不能延期");
    }

    [Fact]
    public void Every_change_of_state_bumps_the_version_and_records_who_closed_it()
    {
        var received = Pending();
        received.Receive("HZ-1", "minjing", Now, Today);
        received.Version.ShouldBe(1);
        received.ClosedAt.ShouldBe(Now);
        received.ClosedBy.ShouldBe("minjing");

        var extended = Pending();
        extended.Extend(Today, 10).ShouldBeNull();
        extended.Version.ShouldBe(1);
        extended.ValidUntil.ShouldBe(new DateOnly(2026, 12, 2));
        extended.ClosedAt.ShouldBeNull();

        var cancelled = Pending();
        cancelled.Cancel("yanzhong", Now, "信息有误");
        cancelled.Version.ShouldBe(1);
        cancelled.ClosedAt.ShouldBe(Now);
        cancelled.ClosedBy.ShouldBe("yanzhong");
        cancelled.Note.ShouldBe("信息有误");
    }

    [Fact]
    public void A_refused_change_leaves_the_transfer_as_it_was()
    {
        var t = Pending();
        t.Cancel("yanzhong", Now, null);
        t.Receive("HZ-1", "minjing", Now.AddHours(1), Today).ShouldNotBeNull();
        t.Extend(Today, 30).ShouldBe("该转接已撤销，不能延期");
        t.Cancel("yanzhong", Now.AddHours(2), "再撤").ShouldBe("该转接已撤销");
        t.Version.ShouldBe(1);
        t.ClosedAt.ShouldBe(Now);
        t.ValidUntil.ShouldBe(new DateOnly(2026, 12, 1));
        t.ReceiptNumber.ShouldBeNull();
        t.Note.ShouldBeNull();
    }

    [Fact]
    public void Cancelling_without_a_reason_keeps_the_note_already_written()
    {
        var t = Pending();
        t.Note = "随迁";
        t.Cancel("yanzhong", Now, null);
        t.Note.ShouldBe("随迁");
    }

    [Fact]
    public void A_letter_received_from_another_system_arrives_closed()
    {
        var t = Transfer.ReceivedFromExternal("李四", 7, "外市某党支部", 3, "/1/3/", "WS-1", new DateOnly(2026, 11, 1),
            new DateOnly(2026, 12, 1), "2026-10", "HZ-9", "minjing", Now);
        t.Status.ShouldBe(TransferStatus.Received);
        t.IsExpired(new DateOnly(2027, 1, 1)).ShouldBeFalse();
        (t.MemberId, t.MemberName, t.FromExternal, t.ToOrganizationId, t.ToPath).ShouldBe((7L, "李四", "外市某党支部", 3L, "/1/3/"));
        (t.LetterNumber, t.IssuedOn, t.ValidUntil, t.DuesPaidThrough).ShouldBe(("WS-1", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), "2026-10"));
        (t.ReceiptNumber, t.ClosedAt, t.ClosedBy).ShouldBe(("HZ-9", (DateTimeOffset?)Now, "minjing"));
        t.Receive("HZ-10", "minjing", Now, Today).ShouldBe("该转接已接收，不能重复接收");
    }

    [Fact]
    public void Both_sides_see_a_letter_and_its_audit_lines_file_under_the_issuer_first()
    {
        var t = Pending();
        t.FromPath = "/1/2/";
        t.ToPath = "/1/3/";
        ((Dangjian.Platform.Security.IScoped)t).ScopePaths.ShouldBe(["/1/2/", "/1/3/"]);
        ((Dangjian.Platform.Audit.IAudited)t).AuditScopePath.ShouldBe("/1/2/");
        t.FromPath = null;
        ((Dangjian.Platform.Audit.IAudited)t).AuditScopePath.ShouldBe("/1/3/");
        t.ToPath = null;
        ((Dangjian.Platform.Audit.IAudited)t).AuditScopePath.ShouldBe("/");
        t.Id = 42;
        ((Dangjian.Platform.Audit.IAudited)t).AuditId.ShouldBe("42");
    }

    [Theory]
    [InlineData(TransferStatus.Pending, "待接收")]
    [InlineData(TransferStatus.Received, "已接收")]
    [InlineData(TransferStatus.Cancelled, "已撤销")]
    [InlineData((TransferStatus)9, "9")]
    public void Each_status_has_its_Chinese_name(TransferStatus status, string name) => status.Chinese().ShouldBe(name);
}
