using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Dangjian.Features.Shared;

/// <summary>
/// The framework's validation summary writes an empty <c>&lt;li style="display:none"&gt;</c> placeholder, an inline
/// style that the content security policy blocks (and reports on every page with a summary). This runs after it and
/// hides the placeholder with the <c>hidden</c> attribute instead.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class ValidationSummaryWithoutInlineStyle : TagHelper
{
    private const string Placeholder = "<li style=\"display:none\"></li>";

    // The framework's tag helper has order 0 (-1000 for some); a higher order runs later and sees its output.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var post = output.PostContent.GetContent();
        if (post.Contains(Placeholder, StringComparison.Ordinal))
        {
            output.PostContent.SetHtmlContent(post.Replace(Placeholder, "<li hidden></li>", StringComparison.Ordinal));
        }
    }
}
