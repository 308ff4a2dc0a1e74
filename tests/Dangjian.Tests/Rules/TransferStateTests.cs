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
}
