using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Access;

/// <summary>A value a page handler binds from the request: its name in the query or form ("Input.OrganizationId") and type.</summary>
public sealed record PageField(string Name, Type Type);

/// <summary>One handler of one page, as the route table holds it: "GET /Members/Edit?handler=Groups".</summary>
public sealed record PageHandler(string Page, string Method, string? Handler, Type Model, IReadOnlyList<PageField> Fields)
{
    public string Url => Handler is null ? Page : $"{Page}?handler={Handler}";

    public string Route => $"{Method} {Url}";
}

/// <summary>The pages' handlers read from the route table, with what each binds, so that tests cover pages added later.</summary>
public static class PageHandlers
{
    public static async Task<IReadOnlyList<PageHandler>> DiscoverAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var result = new List<PageHandler>();
        var seen = new HashSet<string>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor || !seen.Add(descriptor.ViewEnginePath))
            {
                continue;
            }
            var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
            var page = descriptor.ViewEnginePath.EndsWith("/Index", StringComparison.Ordinal)
                ? descriptor.ViewEnginePath[..^"Index".Length].TrimEnd('/') is { Length: > 0 } p ? p : "/"
                : descriptor.ViewEnginePath;
            foreach (var handler in compiled.HandlerMethods)
            {
                var method = handler.HttpMethod.ToUpperInvariant();
                if (method is not ("GET" or "POST" or "PUT" or "DELETE"))
                {
                    // OnPageHandlerExecuting and the like look like handlers to the loader, but no request reaches them.
                    continue;
                }
                var fields = new List<PageField>();
                foreach (var parameter in handler.Parameters)
                {
                    if (parameter.ParameterType == typeof(CancellationToken) || parameter.ParameterType == typeof(IFormFile))
                    {
                        continue;
                    }
                    fields.AddRange(Flatten(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType, 0));
                }
                foreach (var property in compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>())
                {
                    var supportsGet = property.Property.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet ?? false;
                    if (method == "GET" && !supportsGet)
                    {
                        continue;
                    }
                    fields.AddRange(Flatten(property.BindingInfo?.BinderModelName ?? property.Name, property.ParameterType, 0));
                }
                result.Add(new PageHandler(page, method, handler.Name, compiled.ModelTypeInfo!.AsType(), fields));
            }
        }
        return result;
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid);
    }

    private static IEnumerable<PageField> Flatten(string name, Type type, int depth)
    {
        if (IsSimple(type))
        {
            yield return new PageField(name, type);
            yield break;
        }
        if (depth > 2 || type.IsAssignableTo(typeof(System.Collections.IEnumerable)) || type == typeof(IFormFile))
        {
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            foreach (var inner in Flatten($"{name}.{property.Name}", property.PropertyType, depth + 1))
            {
                yield return inner;
            }
        }
    }
}
