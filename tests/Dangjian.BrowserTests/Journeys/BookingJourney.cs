using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class BookingJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_resident_books_a_home_visit_on_the_phone_and_the_community_sees_it_on_its_rota()
    {
        // 1. The demo resident, on the phone: home → the service → a time and the address → booked.
        var resident = await NewPageAsync(PhoneWidth);
        await SignInAsync(resident, "jumin");
        await resident.GetByTestId("home-book").ClickAsync();
        await WaitForPageAsync(resident, new Regex("/Bookings/Book$"));
        await ShotAsync(resident, "25-booking-kinds");
        await resident.GetByRole(AriaRole.Link, new() { Name = "生存认证上门服务" }).ClickAsync();
        await WaitForPageAsync(resident, new Regex(@"/Bookings/Book\?kindId=\d+$"));
        // Nothing chosen yet: the page says what is missing and keeps what was typed.
        await resident.GetByLabel("上门地址").FillAsync("延中路18号院3号楼2单元401");
        await resident.GetByTestId("book").ClickAsync();
        await Assertions.Expect(resident.GetByText("请选择这项服务的一个上门时段").First).ToBeVisibleAsync();
        await Assertions.Expect(resident.GetByLabel("上门地址")).ToHaveValueAsync("延中路18号院3号楼2单元401");
        var slot = resident.Locator("input[name='Input.SlotId']").First;
        var slotId = await slot.GetAttributeAsync("value");
        await resident.Locator($"label[for='slot-{slotId}']").ClickAsync();
        await resident.GetByLabel("为谁服务（可以不填）").FillAsync("母亲（卧床）");
        await ShotAsync(resident, "25-booking-slot");
        await resident.GetByTestId("book").ClickAsync();
        await WaitForPageAsync(resident, new Regex(@"/Bookings/Mine\?id=\d+$"));
        await Assertions.Expect(resident.GetByTestId("booking-state")).ToHaveTextAsync("已预约，待上门");
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("预约成功");
        await ShotAsync(resident, "25-booking-booked");
        var id = resident.Url[(resident.Url.LastIndexOf('=') + 1)..];

        // 2. The community's secretary above sees the booking on the team's rota and opens it.
        var street = await NewPageAsync();
        await SignInAsync(street, "baling");
        await street.GetByRole(AriaRole.Link, new() { Name = "上门服务" }).ClickAsync();
        await WaitForPageAsync(street, new Regex("/Bookings/Team"));
        // The street's page leads to the community's team, whose rota shows the booking.
        await street.GetByRole(AriaRole.Link, new() { Name = "中共延中社区委员会" }).ClickAsync();
        await WaitForPageAsync(street, new Regex(@"/Bookings/Team\?organizationId=\d+$"));
        var booked = street.Locator($"a[href='/Bookings/Details?id={id}']");
        await Assertions.Expect(booked).ToContainTextAsync("张**");
        await ShotAsync(street, "25-booking-team");
        await booked.ClickAsync();
        await Assertions.Expect(street.GetByTestId("booking-state")).ToHaveTextAsync("已预约，待上门");
        await ShotAsync(street, "25-booking-details");
    }
}
