using Dangjian.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dangjian.Features.Shared;

/// <summary>The base of the app's pages: Chinese messages for values the model binder could not read, and a flash message.</summary>
public abstract class AppPageModel : PageModel
{
    /// <summary>A one-time message shown at the top of the next page (after a redirect).</summary>
    [TempData]
    public string? Flash { get; set; }

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // The binder's own messages are English ("The value 'x' is not valid for Y."); the use cases speak Chinese.
        foreach (var entry in ModelState.Values)
        {
            if (entry.ValidationState != ModelValidationState.Invalid || entry.Errors.Count == 0)
            {
                continue;
            }
            entry.Errors.Clear();
            entry.Errors.Add(string.IsNullOrEmpty(entry.AttemptedValue) ? "请填写此项" : "格式不正确，请检查");
        }
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Shows a use case's refusal in the form: each message next to its field, the rest above the form.</summary>
    /// <remarks>
    /// A form may bind several objects (<paramref name="prefixes"/>, e.g. "Input" and "Letter"): each message goes to the
    /// first that shows its field. A message about a field this form does not show goes to the form-wide summary.
    /// </remarks>
    protected void ShowRefusal<T>(Outcome<T> outcome, params string[] prefixes)
    {
        if (prefixes.Length == 0)
        {
            prefixes = ["Input"];
        }
        foreach (var (field, message) in outcome.Messages())
        {
            // "member.idNumber" names the same box as "idNumber" when the form binds the member's fields directly.
            var names = field.Contains('.', StringComparison.Ordinal) ? new[] { field, field[(field.LastIndexOf('.') + 1)..] } : [field];
            var key = names.SelectMany(n => prefixes.Select(p => PageHelpers.FormKey(n, p))).FirstOrDefault(FormShows) ?? "";
            ModelState.AddModelError(key, message);
        }
    }

    private bool FormShows(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }
        var type = GetType();
        foreach (var segment in key.Split('.'))
        {
            var property = type.GetProperty(segment);
            if (property is null)
            {
                return false;
            }
            type = property.PropertyType;
        }
        return true;
    }

    /// <summary>Renders the page with a "not found" notice and status 404 (the record is absent or outside the caller's subtree).</summary>
    protected IActionResult Missing(string what)
    {
        NotFoundMessage = $"{what}不存在或不在您的管辖范围内";
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public string? NotFoundMessage { get; private set; }
}
