using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Dangjian.BrowserTests.Infrastructure;

/// <summary>
/// What every page must satisfy, checked on the page as it stands: axe-core's WCAG 2.1 A and AA rules and its best
/// practices; at phone width no sideways scrolling and tap targets of at least 44 × 44 px; and on the pages members and
/// residents use (marked <c>body.plain</c>) body text of at least 18 px and contrast of at least 7:1 (AAA).
/// </summary>
public static class Accessibility
{
    public const int MinimumTarget = 44;
    public const double PlainTextPixels = 18;

    private static readonly AxeRunOptions Rules = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        // Results other than violations are not needed, and collecting them is most of axe's time on a long page.
        ResultTypes = [ResultType.Violations],
    };

    private static readonly AxeRunOptions PlainRules = new()
    {
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast-enhanced"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Every problem found on the page as it is now, one line each (empty when there are none).</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page)
    {
        var problems = new List<string>();
        var width = page.ViewportSize?.Width ?? 0;
        var plain = await page.EvaluateAsync<bool>("() => document.body.classList.contains('plain')");
        Describe(await page.RunAxe(Rules), problems);
        if (plain)
        {
            Describe(await page.RunAxe(PlainRules), problems);
        }
        var own = await page.EvaluateAsync<string[]>(OwnChecks, new { phone = width < 768, plain, target = MinimumTarget, text = PlainTextPixels });
        problems.AddRange(own);
        return [.. problems.Select(p => $"{page.Url} at {width} px: {p}")];
    }

    private static void Describe(AxeResult result, List<string> problems)
    {
        foreach (var violation in result.Violations)
        {
            var nodes = violation.Nodes.Take(5).Select(n => $"      {string.Join(" ", n.Target)}: {Shorten(n.Html)} — {Shorten(string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))}");
            problems.Add($"axe {violation.Id} ({violation.Impact}, {violation.Nodes.Length} element(s)): {violation.Help}\n{string.Join("\n", nodes)}");
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ") is var t && t.Length > 220 ? t[..220] + "…" : t;

    /// <summary>
    /// The checks axe does not make. A target is measured with its label when the label is tied to it (a check box's
    /// whole row is what a finger hits); a link inside a sentence is exempt, as WCAG's target-size rule allows.
    /// </summary>
    private const string OwnChecks = """
        ({ phone, plain, target, text }) => {
          const problems = [];
          const visible = el => {
            const s = getComputedStyle(el);
            if (s.visibility === 'hidden' || s.display === 'none') return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && !el.closest('[hidden], [aria-hidden="true"], .visually-hidden, .visually-hidden-focusable:not(:focus):not(:focus-within)');
          };
          const name = el => (el.getAttribute('aria-label') || el.innerText || el.value || el.name || el.id || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 40);
          const where = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
          if (phone) {
            const overflow = document.documentElement.scrollWidth - window.innerWidth;
            if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow} px`);
            const inSentence = el => {
              if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
              const parent = el.parentElement;
              return [...parent.childNodes].some(n => n !== el && n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 0);
            };
            const small = [];
            for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])')) {
              if (!visible(el) || inSentence(el) || el.closest('.paper')) continue;
              let box = el.getBoundingClientRect();
              const label = el.labels && el.labels[0];
              if (label && visible(label)) {
                const l = label.getBoundingClientRect();
                const left = Math.min(box.left, l.left), top = Math.min(box.top, l.top);
                box = { width: Math.max(box.right, l.right) - left, height: Math.max(box.bottom, l.bottom) - top };
              }
              if (box.width < target - 0.5 || box.height < target - 0.5) {
                small.push(`${where(el)} "${name(el)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
              }
            }
            if (small.length) problems.push(`${small.length} tap target(s) under ${target}×${target} px:\n      ` + small.slice(0, 12).join('\n      '));
          }
          if (plain) {
            const tiny = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!n.textContent.trim() || !visible(el)) continue;
              const size = parseFloat(getComputedStyle(el).fontSize);
              if (size < text - 0.01) tiny.push(`${where(el)} "${n.textContent.trim().slice(0, 20)}" ${size}px`);
            }
            if (tiny.length) problems.push(`${tiny.length} text(s) under ${text} px on a page for members and residents:\n      ` + tiny.slice(0, 12).join('\n      '));
          }
          return problems;
        }
        """;
}
