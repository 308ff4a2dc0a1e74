using System.Net;
using System.Text;
using Dangjian.Features.Meetings;
using Dangjian.Platform.Attachments;
using Dangjian.Tests.Infrastructure;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Meetings;

/// <summary>
/// A meeting's photos and files over HTTP: checked by their bytes, photos written again with a thumbnail, kept under the
/// data folder by content hash, served only within the meeting's scope, and fixed with the record once it is closed.
/// </summary>
public class MeetingAttachmentTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<GetMeeting.Response> Meeting(long id) => await Read<GetMeeting.Response>(await (await As("admin")).GetAsync($"/api/v1/meetings/{id}"));

    [Fact]
    public async Task A_photo_is_kept_by_its_hash_with_a_thumbnail_and_served_to_those_who_see_the_meeting_only()
    {
        var meeting = await PlanMeeting(await OrgId(DemoOrgs.First));
        var photo = TestImages.Png(1200, 900);
        var id = await AttachedPhoto(meeting);
        var second = (await Read<ApiTest.Created>(await Attach(meeting, photo, "合影.png"), HttpStatusCode.Created)).Id;

        var files = (await Meeting(meeting)).Attachments;
        files.Select(f => f.Id).ShouldBe([id, second]);
        var view = files[1];
        (view.FileName, view.ContentType, view.IsImage, view.Width, view.Height).ShouldBe(("合影.jpg", "image/jpeg", true, 1200, 900));

        var stored = await App.WithDbAsync(db => db.Attachments.SingleAsync(a => a.Id == second));
        var store = App.Services.GetRequiredService<AttachmentStore>();
        var path = store.PathOf(stored.Sha256).ShouldNotBeNull();
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))).ShouldBe(stored.Sha256);
        path.ShouldStartWith(store.Root);

        var full = await (await As("yanzhong")).GetAsync(view.Url);
        full.StatusCode.ShouldBe(HttpStatusCode.OK);
        full.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        var thumbnail = await (await As("yanzhong")).GetAsync(view.ThumbnailUrl!);
        thumbnail.StatusCode.ShouldBe(HttpStatusCode.OK);
        var small = new MagickImageInfo(await thumbnail.Content.ReadAsByteArrayAsync());
        (small.Width, small.Height).ShouldBe((320u, 240u));
        // Another district's department does not see the meeting, nor its files.
        (await (await As("zhongyuan")).GetAsync(view.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await As("zhongyuan")).GetAsync(view.ThumbnailUrl!)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_type_a_file_too_large_and_a_picture_with_a_script_inside_are_refused_or_cleaned()
    {
        var meeting = await PlanMeeting(await OrgId(DemoOrgs.First));
        var count = await App.WithDbAsync(db => db.Attachments.CountAsync());
        (await Problem(await Attach(meeting, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "photo.jpg")))["file"]
            .ShouldBe([$"不支持这种文件，只能上传{AttachmentStore.Allowed}"]);
        (await Problem(await Attach(meeting, Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "logo.svg")))["file"]
            .ShouldBe([$"不支持这种文件，只能上传{AttachmentStore.Allowed}"]);
        var large = new byte[AttachmentStore.MaxBytes + 1];
        TestImages.Jpeg().CopyTo(large, 0);
        (await Problem(await Attach(meeting, large, "big.jpg")))["file"].ShouldBe(["文件不能超过10 MB"]);
        var truncated = TestImages.Jpeg(400, 300)[..200];
        (await Problem(await Attach(meeting, truncated, "broken.jpg")))["file"].ShouldBe(["图片已损坏或不是有效的图片"]);
        (await App.WithDbAsync(db => db.Attachments.CountAsync())).ShouldBe(count, "a refused file changes nothing");

        // A real picture with a script after its end: taken, but only the picture is kept.
        var polyglot = TestImages.Png().Concat(Encoding.ASCII.GetBytes("<script>alert(document.cookie)</script>")).ToArray();
        var id = (await Read<ApiTest.Created>(await Attach(meeting, polyglot, "x.png"), HttpStatusCode.Created)).Id;
        var kept = await (await (await As("admin")).GetAsync($"/api/v1/attachments/{id}")).Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(kept).ShouldNotContain("<script");
        kept[..3].ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF });
    }

    [Fact]
    public async Task Files_are_added_and_removed_while_the_meeting_is_open_and_fixed_once_it_is_closed()
    {
        var meeting = await MeetingReadyToClose(await OrgId(DemoOrgs.First));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF");
        var document = (await Read<ApiTest.Created>(await Attach(meeting, pdf, "签到表.pdf"), HttpStatusCode.Created)).Id;
        var photo = await AttachedPhoto(meeting);
        var admin = await As("admin");
        (await admin.DeleteAsync($"/api/v1/meetings/{meeting}/attachments/{photo}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var download = await admin.GetAsync($"/api/v1/attachments/{document}");
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");

        (await admin.PostAsync($"/api/v1/meetings/{meeting}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ApiTest.ProblemBody>(await Attach(meeting), HttpStatusCode.Conflict)).Detail!.ShouldContain("不能再添加附件");
        (await Read<ApiTest.ProblemBody>(await admin.DeleteAsync($"/api/v1/meetings/{meeting}/attachments/{document}"), HttpStatusCode.Conflict))
            .Detail!.ShouldContain("不能删除");
        (await Meeting(meeting)).Attachments.Select(a => a.FileName).ShouldBe(["签到表.pdf"]);
    }

    [Fact]
    public void A_file_is_named_without_its_folders_and_taken_by_what_its_bytes_are()
    {
        var (pdf, _) = AttachmentStore.Check("../../etc/会议\u0001纪要.pdf", Encoding.ASCII.GetBytes("%PDF-1.7 test"));
        (pdf!.FileName, pdf.ContentType).ShouldBe(("会议纪要.pdf", "application/pdf"));
        AttachmentStore.Check("a.pdf", []).Refusal.ShouldBe("文件是空的");
        AttachmentStore.Check("report.pdf", Encoding.ASCII.GetBytes("PK\u0003\u0004 nothing office here")).Refusal.ShouldNotBeNull();
        AttachmentStore.Check("photo.jpg", TestImages.Jpeg()).File!.ShouldSatisfyAllConditions(
            f => f.ContentType.ShouldBe("image/jpeg"), f => f.Thumbnail.ShouldNotBeNull(), f => f.FileName.ShouldBe("photo.jpg"));
    }
}
