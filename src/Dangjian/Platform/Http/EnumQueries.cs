using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Platform.Http;

/// <summary>
/// Enum values in a query string must be names (category=Full), as in JSON bodies. The framework parses enums with
/// Enum.TryParse, which also takes numbers (category=1) and comma lists (category=Full,Probationary): a number
/// depends on declaration order, so a client that sends one breaks silently when an enum is reordered.
/// </summary>
public static class EnumQueries
{
    /// <summary>Refuses, on every route handler of <paramref name="builder"/>, an enum query value that is not one of its names.</summary>
    public static TBuilder RequireEnumNamesInQuery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = EnumQueryParameters(factory.MethodInfo);
            if (parameters.Count == 0)
            {
                return next;
            }
            return invocation =>
            {
                var errors = Check(invocation.HttpContext.Request, parameters);
                return errors.Any ? ValueTask.FromResult<object?>(errors.ToProblem()) : next(invocation);
            };
        });

    private sealed record EnumParameter(string Name, FrozenSet<string> Names, string Listing);

    private static FieldErrors Check(HttpRequest request, IReadOnlyList<EnumParameter> parameters)
    {
        var errors = new FieldErrors();
        foreach (var parameter in parameters)
        {
            // A route value of the same name is the route's business; only the query string is checked here.
            if (request.RouteValues.ContainsKey(parameter.Name) || !request.Query.TryGetValue(parameter.Name, out var values))
            {
                continue;
            }
            if (values.Any(v => !string.IsNullOrEmpty(v) && !parameter.Names.Contains(v)))
            {
                var field = char.ToLowerInvariant(parameter.Name[0]) + parameter.Name[1..];
                errors.Add(field, $"参数“{field}”的取值无效，应为以下名称之一：{parameter.Listing}（不接受数字）");
            }
        }
        return errors;
    }

    /// <summary>The handler's enum parameters that may come from the query string, including those of [AsParameters] types.</summary>
    private static List<EnumParameter> EnumQueryParameters(MethodInfo method)
    {
        var found = new List<EnumParameter>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                // The binder reads an [AsParameters] type through its constructor parameters and its settable properties.
                var type = parameter.ParameterType;
                var members = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (p.Name, p.ParameterType, (ICustomAttributeProvider)p))
                    .Concat(type.GetProperties().Where(p => p.CanWrite).Select(p => ((string?)p.Name, p.PropertyType, (ICustomAttributeProvider)p)));
                foreach (var (name, memberType, attributes) in members)
                {
                    Add(found, name, memberType, attributes);
                }
                continue;
            }
            Add(found, parameter.Name, parameter.ParameterType, parameter);
        }
        return found.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static void Add(List<EnumParameter> found, string? name, Type type, ICustomAttributeProvider attributes)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        enumType = Nullable.GetUnderlyingType(enumType) ?? enumType;
        if (name is null || !enumType.IsEnum)
        {
            return;
        }
        var sources = attributes.GetCustomAttributes(inherit: true);
        if (sources.Any(a => a is FromRouteAttribute or FromHeaderAttribute or FromBodyAttribute or FromFormAttribute or FromServicesAttribute))
        {
            return;
        }
        var queryName = sources.OfType<FromQueryAttribute>().FirstOrDefault()?.Name ?? name;
        var names = Enum.GetNames(enumType);
        found.Add(new EnumParameter(queryName, names.ToFrozenSet(StringComparer.Ordinal), string.Join("、", names)));
    }
}
