using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Dangjian.Tests.Platform;

/// <summary>
/// The files the pages link (MapStaticAssets): by fingerprinted URLs that are cached for a year, in Brotli or gzip when
/// the browser takes it; the plain URL of a file is revalidated; what the app computes is still never stored.
/// </summary>
public partial class StaticAssetTests(AppFactory app) : DemoApiTest(app)
{
    private const string YearAndImmutable = "max-age=31536000";

    [GeneratedRegex(@"<(?:link|script)\b[^>]*\s(?:href|src)=""(/(?:lib|css|js)/[^""]+)""")]
    private static partial Regex LinkedFile();

    // The build's fingerprint: a dot-separated segment of lower-case letters and digits before the extension.
    [GeneratedRegex(@"^/(?:lib|css|js)/[^?]+\.[0-9a-z]{8,}\.(?:css|js)$")]
    private static partial Regex Fingerprinted();

    private static List<string> LinkedFiles(string html) =>
        [.. LinkedFile().Matches(html).Select(m => m.Groups[1].Value)];

    private static async Task<HttpResponseMessage> Get(HttpClient client, string url, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Pages_link_their_stylesheets_and_scripts_by_fingerprinted_urls_cached_for_a_year()
    {
        var anonymous = App.AnonymousClient();
        var signIn = LinkedFiles(await anonymous.GetStringAsync("/Account/SignIn"));
        var dashboard = LinkedFiles(await (await As("weidu")).GetStringAsync("/"));

        signIn.ShouldContain(u => u.StartsWith("/lib/bootstrap/bootstrap.min.", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        signIn.ShouldContain(u => u.StartsWith("/js/app.", StringComparison.Ordinal));
        dashboard.ShouldContain(u => u.StartsWith("/lib/echarts/echarts.custom.min.", StringComparison.Ordinal), "the dashboard draws its charts");
        foreach (var url in signIn.Union(dashboard))
        {
            url.ShouldMatch(Fingerprinted().ToString());
            var response = await Get(anonymous, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var cache = response.Headers.CacheControl!.ToString();
            cache.ShouldContain(YearAndImmutable, customMessage: url);
            cache.ShouldContain("immutable", customMessage: url);
            response.Headers.ETag.ShouldNotBeNull(url);
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_browser_that_accepts_compression_gets_a_smaller_copy_of_the_same_bytes(string encoding)
    {
        var anonymous = App.AnonymousClient();
        var dashboard = LinkedFiles(await (await As("weidu")).GetStringAsync("/"));
        foreach (var url in dashboard.Where(u => u.Contains("/bootstrap.min.", StringComparison.Ordinal) || u.Contains("/echarts.", StringComparison.Ordinal)))
        {
            var plain = await (await Get(anonymous, url)).Content.ReadAsByteArrayAsync();
            var response = await Get(anonymous, url, $"{encoding}, deflate");

            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            response.Content.Headers.ContentEncoding.ShouldBe([encoding], url);
            response.Headers.Vary.ShouldContain("Accept-Encoding");
            response.Headers.CacheControl!.ToString().ShouldContain(YearAndImmutable, customMessage: url);
            var body = await response.Content.ReadAsByteArrayAsync();
            body.Length.ShouldBeLessThan(plain.Length / 2, url);
            await using var decoded = encoding == "br"
                ? (Stream)new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
                : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var copy = new MemoryStream();
            await decoded.CopyToAsync(copy);
            copy.ToArray().ShouldBe(plain, url);
        }
    }

    [Theory]
    [InlineData("/lib/bootstrap/bootstrap.min.css")]
    [InlineData("/lib/echarts/echarts.custom.min.js")]
    [InlineData("/css/site.css")]
    [InlineData("/js/app.js")]
    public async Task The_plain_url_of_a_file_is_revalidated_and_never_kept_for_a_year(string url)
    {
        var response = await Get(App.AnonymousClient(), url, "br");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        response.Headers.CacheControl.ToString().ShouldNotContain(YearAndImmutable);
        response.Headers.CacheControl.ToString().ShouldNotContain("immutable");
        response.Content.Headers.ContentEncoding.ShouldBe(["br"]);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        again.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        (await App.AnonymousClient().SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Pages_and_api_answers_are_still_never_stored()
    {
        var weidu = await As("weidu");

        foreach (var url in new[] { "/", "/Members", "/api/v1/me", "/api/v1/no-such-route" })
        {
            var response = await weidu.GetAsync(url);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(url);
            response.Headers.CacheControl.ToString().ShouldNotContain("max-age", customMessage: url);
        }
        (await App.AnonymousClient().GetAsync("/Account/SignIn")).Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task The_favicon_is_there_at_its_usual_address_and_at_the_one_the_layout_links()
    {
        var anonymous = App.AnonymousClient();

        var plain = await anonymous.GetAsync("/favicon.ico");
        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        plain.Content.Headers.ContentType!.MediaType.ShouldBe("image/x-icon");

        var html = await anonymous.GetStringAsync("/Account/SignIn");
        foreach (Match icon in IconLink().Matches(html))
        {
            (await anonymous.GetAsync(icon.Groups[1].Value)).StatusCode.ShouldBe(HttpStatusCode.OK, icon.Groups[1].Value);
        }
        IconLink().Count(html).ShouldBe(2);
    }

    [GeneratedRegex(@"<link rel=""icon"" href=""([^""]+)""")]
    private static partial Regex IconLink();
}

/// <summary>The app as it runs in Development: the framework re-reads files of wwwroot edited after the build.</summary>
public sealed class ReloadingFilesApp : AppFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting(StaticFiles.ReloadSetting, "true");
}

public class StaticAssetReloadTests(ReloadingFilesApp app) : ApiTest<ReloadingFilesApp>(app)
{
    [Theory]
    [InlineData("/css/site.css")]
    [InlineData("/lib/bootstrap/bootstrap.min.css")]
    [InlineData("/lib/echarts/echarts.custom.min.js")]
    public async Task While_files_are_reloaded_every_answer_decodes_as_its_content_encoding_says(string url)
    {
        var client = App.AnonymousClient();
        var plain = await (await client.GetAsync(url)).Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await using Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            null => body,
            var other => throw new InvalidOperationException($"unexpected Content-Encoding {other}"),
        };
        using var copy = new MemoryStream();
        await decoded.CopyToAsync(copy);
        copy.ToArray().ShouldBe(plain);
    }
}
