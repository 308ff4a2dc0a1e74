using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Dangjian.Platform.Http;

/// <summary>
/// Ties a refused field to its message for screen readers on every form: the field gets <c>aria-invalid="true"</c> and
/// <c>aria-describedby</c> naming its message, and the message (<c>asp-validation-for</c>) gets that id. Runs after the
/// framework's own tag helpers, so the field's generated id and attributes are already there.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var fullName = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ModelState.TryGetValue(fullName, out var entry) || entry.Errors.Count == 0)
        {
            return;
        }
        output.Attributes.SetAttribute("aria-invalid", "true");
        var messageId = InvalidFieldMessageTagHelper.MessageId(fullName);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {messageId}" : messageId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
    }
}

/// <summary>The message element of a field: its id is the one <see cref="InvalidFieldTagHelper"/> points to.</summary>
[HtmlTargetElement("span", Attributes = ForAttribute)]
[HtmlTargetElement("div", Attributes = ForAttribute)]
public sealed class InvalidFieldMessageTagHelper : TagHelper
{
    private const string ForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    public static string MessageId(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", MessageId(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name)));
        }
    }
}
