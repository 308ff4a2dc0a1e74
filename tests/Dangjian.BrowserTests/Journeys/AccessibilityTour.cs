using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>
/// Every page each role can reach by following links from its home page, at phone and desktop width, checked by
/// <see cref="Accessibility"/>; and the keyboard's first stops on it: a skip link first, then a visible focus ring on
/// each. The pages are found, not listed, so that a page a later feature links to is checked without anyone adding it.
/// </summary>
public sealed class AccessibilityTour(BrowserApp app) : BrowserTest(app)
{
    /// <summary>Pages of the same path differ only in their record (or filter); one of each is enough.</summary>
    private const int MaxPagesPerRole = 40;
    private const int TabStopsChecked = 6;

    [Theory]
    [InlineData("weidu")]
    [InlineData("baling")]
    [InlineData("yanzhong")]
    [InlineData("wangge")]
    [InlineData("dangyuan")]
    [InlineData("jumin")]
    public async Task Every_page_a_role_reaches_is_accessible_at_both_widths(string userName)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, userName);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(["/"]);
        var visited = new List<string>();
        while (queue.TryDequeue(out var url) && visited.Count < MaxPagesPerRole)
        {
            if (!seen.Add(new Uri(App.BaseAddress, url).AbsolutePath))
            {
                continue;
            }
            var response = await page.GotoAsync(url);
            response.ShouldNotBeNull().Status.ShouldBeLessThan(400, url);
            visited.Add(url);
            foreach (var width in new[] { PhoneWidth, DesktopWidth })
            {
                await page.SetViewportSizeAsync(width, width < 768 ? 812 : 900);
                await page.WaitForFunctionAsync("w => window.innerWidth === w", width);
                await CheckAccessibilityAsync(page);
            }
            await CheckKeyboardAsync(page);
            foreach (var link in await LinksAsync(page))
            {
                queue.Enqueue(link);
            }
        }
        visited.Count.ShouldBeGreaterThan(1, $"{userName} reached no page beyond the home page");
    }

    [Fact]
    public async Task The_sign_in_page_is_accessible_blank_and_with_an_error()
    {
        var page = await NewPageAsync(PhoneWidth);
        await page.GotoAsync("/Account/SignIn");
        await CheckAccessibilityAsync(page);
        await CheckKeyboardAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.Locator("[aria-invalid=true]").First.WaitForAsync();
        await ShotBothAsync(page, "16-sign-in-errors");
    }

    [Fact]
    public async Task The_skip_link_lands_on_the_content_and_Escape_closes_the_phone_menu()
    {
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync("/Members");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" });
        await skip.FocusAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await ShotAsync(page, "16-skip-link-focused", fullPage: false);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement?.id === 'main'");
        // From the content the next Tab stops inside it, not back in the menu.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)")).ShouldBeTrue();
        await ShotAsync(page, "16-focus-ring", fullPage: false);

        var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "打开菜单" });
        await menuButton.ClickAsync();
        var menu = page.Locator("#main-nav");
        await Assertions.Expect(menu).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bshow\b"));
        await Assertions.Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");
        await page.GetByRole(AriaRole.Link, new() { Name = "党员", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).Not.ToBeVisibleAsync();
        await Assertions.Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(menuButton).ToBeFocusedAsync();
    }

    /// <summary>The links of the page worth following: same site, a page (not a file, the API or signing out).</summary>
    private async Task<IReadOnlyList<string>> LinksAsync(IPage page)
    {
        var hrefs = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href]:not([download])')]
              .map(a => new URL(a.href, location.href))
              .filter(u => u.origin === location.origin && !u.pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(u.pathname)
                && !u.pathname.startsWith('/Account/SignOut') && !u.search.includes('handler='))
              .map(u => u.pathname + u.search)
            """);
        return hrefs;
    }

    /// <summary>
    /// From the top of the page the first Tab reaches the skip link; each of the first stops shows a focus ring that
    /// is at least 2 px thick and contrasts 3:1 with what is behind it.
    /// </summary>
    private async Task CheckKeyboardAsync(IPage page)
    {
        // Tab from the very top of the page, as on a fresh load: from a focusable point put before everything else (a
        // field's autofocus or a blur would otherwise decide where Tab starts).
        await page.EvaluateAsync("""
            () => {
              const start = document.createElement('span');
              start.tabIndex = -1;
              start.id = 'tab-start';
              document.body.prepend(start);
              start.focus();
              window.scrollTo(0, 0);
            }
            """);
        await page.Keyboard.PressAsync("Tab");
        await page.EvaluateAsync("() => document.getElementById('tab-start')?.remove()");
        var first = await page.EvaluateAsync<string>("() => (document.activeElement?.textContent || '').trim() + '|' + (document.activeElement?.getAttribute('href') || '')");
        if (first != "跳到主要内容|#main")
        {
            NoteAccessibilityProblem(page, $"the first Tab reaches \"{first}\", not the skip link 跳到主要内容 (#main)");
        }
        for (var stop = 0; stop < TabStopsChecked; stop++)
        {
            var problem = await page.EvaluateAsync<string?>(FocusRingCheck);
            if (problem is not null)
            {
                NoteAccessibilityProblem(page, problem);
            }
            await page.Keyboard.PressAsync("Tab");
        }
    }

    private const string FocusRingCheck = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const rgba = c => { const m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const behind = node => {
            for (let n = node.parentElement; n; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c.a > 0.5) return c; }
            return { r: 255, g: 255, b: 255, a: 1 };
          };
          const s = getComputedStyle(el);
          const text = (el.textContent || el.getAttribute('aria-label') || el.name || el.tagName).trim().slice(0, 30);
          const width = parseFloat(s.outlineWidth);
          if (s.outlineStyle === 'none' || width < 2) return `no focus ring 2 px or thicker on ${el.tagName.toLowerCase()} "${text}" (outline ${s.outlineStyle} ${s.outlineWidth})`;
          const ring = rgba(s.outlineColor), back = behind(el);
          const [hi, lo] = [lum(ring), lum(back)].sort((x, y) => y - x);
          const ratio = (hi + 0.05) / (lo + 0.05);
          return ratio < 3 ? `focus ring on ${el.tagName.toLowerCase()} "${text}" contrasts ${ratio.toFixed(2)}:1 with what is behind it` : null;
        }
        """;
}
