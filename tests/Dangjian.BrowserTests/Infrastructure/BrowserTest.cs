using System.Text.RegularExpressions;
using Dangjian.Features.Demo;

namespace Dangjian.BrowserTests.Infrastructure;

/// <summary>
/// Base of a journey: one app and browser per test class. After each test it fails if the server logged an error,
/// if a page threw a script error, or if a script or style sheet of the app failed to load.
/// </summary>
public abstract class BrowserTest(BrowserApp app) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public const int DesktopWidth = 1280;
    public const int PhoneWidth = 375;

    private int _errorMark;
    private readonly List<string> _pageProblems = [];
    private readonly List<string> _accessibilityProblems = [];
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserApp App { get; } = app;

    /// <summary>bin/screenshots next to the test project (not committed).</summary>
    public static string ScreenshotDirectory { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "screenshots"));

    public ValueTask InitializeAsync()
    {
        _errorMark = App.Errors.Count;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        var errors = App.Errors.Since(_errorMark);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The server logged {errors.Count} unexpected error(s):\n" + string.Join("\n", errors));
        }
        if (_pageProblems.Count > 0)
        {
            throw new InvalidOperationException("The browser reported problems:\n" + string.Join("\n", _pageProblems));
        }
        if (_accessibilityProblems.Count > 0)
        {
            throw new InvalidOperationException($"{_accessibilityProblems.Count} accessibility problem(s) on the pages shown:\n" + string.Join("\n", _accessibilityProblems));
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh browser (own cookies) showing pages at the given width.</summary>
    /// <summary>How long any condition may take to become true before a step fails (see <see cref="NewPageAsync"/>).</summary>
    public const int ConditionTimeoutMs = 120_000;

    protected async Task<IPage> NewPageAsync(int width = DesktopWidth)
    {
        var phone = width < 768;
        // Expect(...) assertions retry until their condition holds; by default they give up after 5 seconds.
        Assertions.SetDefaultExpectTimeout(ConditionTimeoutMs);
        var context = await App.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = phone ? 812 : 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
            // The accessibility check reads colours as they are at that instant: a button still fading from its hover
            // colours (Bootstrap's transitions) measured half-way fails contrast on a loaded machine. Bootstrap drops its
            // transitions for people who ask for reduced motion, so the pages are checked as they are at rest.
            ReducedMotion = ReducedMotion.Reduce,
        });
        // Every wait in the journeys is a wait on a condition (an element, a URL, a text); these limits only say how long
        // a loaded machine may take before the condition counts as never met. Generous on purpose: two cores shared by
        // several builds have been seen to take half a minute for one step.
        context.SetDefaultTimeout(ConditionTimeoutMs);
        context.SetDefaultNavigationTimeout(ConditionTimeoutMs);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageProblems.Add($"script error on {page.Url}: {error}");
        // A script, style or handler the content security policy blocked shows only as a console message.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _pageProblems.Add($"blocked by the content security policy on {page.Url}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (response.Status >= 400 && (path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)))
            {
                _pageProblems.Add($"{response.Status} for {response.Url}");
            }
        };
        return page;
    }

    protected static async Task SignInAsync(IPage page, string userName, string password = DemoData.Password)
    {
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("^(?!.*/Account/SignIn)"));
    }

    /// <summary>
    /// Waits until the page's address matches and its document has loaded. Not <c>WaitForURLAsync</c>: when the address
    /// already matches, the .NET client checks its copy of the load states and only then listens for the next one, so a
    /// load event landing between the two is never seen and the wait runs out although the page has loaded (seen on a
    /// loaded machine: only "networkidle" reported, after two minutes). Both conditions here are polled in the page.
    /// </summary>
    protected static async Task WaitForPageAsync(IPage page, Regex address)
    {
        await Assertions.Expect(page).ToHaveURLAsync(address);
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    protected static async Task SignOutAsync(IPage page)
    {
        var button = page.GetByRole(AriaRole.Button, new() { Name = "退出登录" });
        if (!await button.IsVisibleAsync())
        {
            // On a phone the button is inside the folded menu.
            await page.Locator(".navbar-toggler").ClickAsync();
            await page.Locator("#main-nav.show").WaitForAsync();
        }
        await button.ClickAsync();
        await WaitForPageAsync(page, new Regex("/Account/SignIn"));
    }

    /// <summary>
    /// Checks the page as it stands (<see cref="Accessibility"/>) and saves a full-page screenshot as
    /// bin/screenshots/{name}-{width}.png. The problems found fail the test when it ends, all of them listed.
    /// </summary>
    protected async Task ShotAsync(IPage page, string name, bool fullPage = true)
    {
        await CheckAccessibilityAsync(page);
        Directory.CreateDirectory(ScreenshotDirectory);
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}-{width}.png"), FullPage = fullPage });
    }

    /// <summary>Records what <see cref="Accessibility.ProblemsAsync"/> finds on the page now; the test fails when it ends.</summary>
    protected async Task CheckAccessibilityAsync(IPage page) => _accessibilityProblems.AddRange(await Accessibility.ProblemsAsync(page));

    /// <summary>A problem a journey found itself (e.g. on the keyboard's way through the page); the test fails when it ends.</summary>
    protected void NoteAccessibilityProblem(IPage page, string problem) =>
        _accessibilityProblems.Add($"{page.Url} at {page.ViewportSize?.Width} px: {problem}");

    /// <summary>Screenshots of the current page at desktop and at phone width (the viewport is resized for each).</summary>
    protected async Task ShotBothAsync(IPage page, string name, bool fullPage = true)
    {
        var original = page.ViewportSize;
        foreach (var width in new[] { DesktopWidth, PhoneWidth })
        {
            await page.SetViewportSizeAsync(width, width < 768 ? 812 : 900);
            // Wait until the page has laid itself out at the new width (two frames after the resize), not for a time.
            await page.WaitForFunctionAsync("w => window.innerWidth === w", width);
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            await ShotAsync(page, name, fullPage);
        }
        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }
}
