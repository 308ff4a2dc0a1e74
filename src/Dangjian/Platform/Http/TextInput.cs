using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dangjian.Platform.Http;

/// <summary>
/// Text no database can hold is refused before a use case sees it: PostgreSQL refuses the character U+0000 in any text
/// value (a query parameter as much as a stored field), and a lone UTF-16 surrogate cannot be written as UTF-8. Both can
/// arrive inside valid JSON ("\u0000", "\ud800") or a query string. The check covers every query value, every string
/// argument and every string inside a request record, so a new route is covered without being listed.
/// </summary>
public static class TextInput
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static TBuilder RefuseUnstorableText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            return invocation =>
            {
                var errors = new FieldErrors();
                foreach (var (name, values) in invocation.HttpContext.Request.Query)
                {
                    if (values.Any(v => !Storable(v)))
                    {
                        Refuse(errors, JsonNamingPolicy.CamelCase.ConvertName(name));
                    }
                }
                for (var i = 0; i < parameters.Length && i < invocation.Arguments.Count; i++)
                {
                    Check(invocation.Arguments[i], JsonNamingPolicy.CamelCase.ConvertName(parameters[i].Name ?? "body"), errors, 0, root: true);
                }
                return errors.Any ? ValueTask.FromResult<object?>(errors.ToProblem()) : next(invocation);
            };
        });

    /// <summary>False for text holding U+0000 or a surrogate without its pair.</summary>
    public static bool Storable(string? text)
    {
        if (text is null)
        {
            return true;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static void Refuse(FieldErrors errors, string field)
    {
        if (!errors.Has(field))
        {
            errors.Add(field, $"“{field}”含有无法保存的字符（空字符或不成对的代理字符），请删除后重试");
        }
    }

    private static void Check(object? value, string field, FieldErrors errors, int depth, bool root = false)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (!Storable(text))
                {
                    Refuse(errors, field);
                }
                return;
            case IEnumerable<string?> texts:
                if (texts.Any(t => !Storable(t)))
                {
                    Refuse(errors, field);
                }
                return;
        }
        // Request bodies and [AsParameters] queries are records; services (AppDb, Scope, …) are not, and are not read.
        var type = value.GetType();
        if (depth > 3 || type.GetMethod("<Clone>$") is null)
        {
            return;
        }
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null).ToArray()))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            // A body's fields are named as in the JSON ("name", "member.name"); the body itself is not a field.
            Check(property.GetValue(value), root ? name : $"{field}.{name}", errors, depth + 1);
        }
    }
}
