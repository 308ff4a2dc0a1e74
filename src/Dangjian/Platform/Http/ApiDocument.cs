using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Dangjian.Platform.Http;

/// <summary>
/// The OpenAPI document of /api/v1 (served at /openapi/v1.json, written to a file by the `openapi` command). Each route
/// declares what it answers on success (Produces); the refusals every route of a kind shares are added here from the
/// route's own metadata, so that a new route is described without anyone remembering to: 400 where a body or query
/// can be wrong, 401 and 403 where authorization is required, 404 where the route or query names a record, 415 where
/// a body is read, 429 where a rate limit applies. The tests check every response they receive against this document.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string BearerScheme = "bearer";
    private const string ProblemJson = "application/problem+json";

    /// <summary>What each tag (a feature's routes) is about.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["账号"] = "访问令牌、当前账号、修改密码、账号管理",
        ["党组织"] = "组织树、党组织的新建、修改、移动、撤销",
        ["单位"] = "驻区单位、党组织覆盖情况、党建指导员",
        ["党员"] = "党员信息的查询、新增、修改",
        ["党员导入导出"] = "按全国统一格式导入导出党员（Excel）",
        ["组织关系转接"] = "介绍信的开具、接收、撤销，系统外转入",
        ["审计日志"] = "只读的操作记录",
        ["规则"] = "适用的规则及其依据、本地区的取值",
        ["后台任务"] = "大批量导出等后台任务：进度、结果文件的下载",
        ["组织生活"] = "三会一课等会议的计划、通知、签到、记录、归档，按规则的落实情况",
        ["民主评议党员"] = "每年一次的民主评议：自评、测评、等次和不合格党员的跟进",
        ["学习培训"] = "培训班、送学上门、年度学时，题库、知识竞赛和答题",
        ["居民"] = "居民用手机号注册（验证码）、代居民登记、居民名单",
        ["微心愿"] = "居民提交心愿、社区审核、心愿墙、党员和单位认领、完成、居民评价，逾期催办和上级督办，统计",
        ["预约上门服务"] = "社区、街道的上门服务项目、服务人员和排班；居民或代居民预约时段（同一时段只能预约一次），改约、取消，登记服务情况，居民评价",
        ["双报到"] = "单位党组织和在职党员向社区报到、社区确认，报到卡公开核验，社区服务活动报名签到，服务时长报告与核实（8小时外），季度报告，报到统计",
        ["通知与待办"] = "本人的通知和待办事项",
        ["附件"] = "照片和文件：只向可查看其所属记录的人提供",
        ["日历"] = "法定节假日和调休上班日，按工作日计算的期限",
    };

    public static IServiceCollection AddDangjianOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(Name, options =>
        {
            // A request type nested in its use case (CreateOrganization.Request) is named after the use case, so that
            // two use cases' "Request" stay two schemas.
            options.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : SchemaName(type.Type);
            options.AddDocumentTransformer((document, context, ct) =>
            {
                Describe(document, context.ApplicationServices.GetRequiredService<IConfiguration>());
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, ct) =>
            {
                DescribeOperation(operation, context.Description, context.Document!);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, ct) =>
            {
                OptionalWhenNullable(schema, context.JsonTypeInfo);
                // A nullable enum property is already "null or the enum" (oneOf); null inside the enum itself would
                // make both branches match a null, which oneOf refuses.
                if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.Null))
                {
                    schema.Enum = values.Where(v => v is not null && v.GetValueKind() != System.Text.Json.JsonValueKind.Null).ToList();
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static void Describe(OpenApiDocument document, IConfiguration configuration)
    {
        document.Info = new OpenApiInfo
        {
            Title = "党建工作平台 API",
            Version = Name,
            Description = "每个用例的JSON接口。以 POST /api/v1/auth/token 换取访问令牌，在请求头 Authorization: Bearer … 中携带。"
                + "请求有误时返回 RFC 9457 problem details（application/problem+json），errors 按字段列出中文原因。",
        };
        // Never the Host header of the request: a configured address, or the document's own origin.
        document.Servers = [new OpenApiServer { Url = configuration["OpenApi:ServerUrl"] is { Length: > 0 } url ? url : "/", Description = "本服务" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "POST /api/v1/auth/token 返回的 accessToken",
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    private static void DescribeOperation(OpenApiOperation operation, ApiDescription description, OpenApiDocument document)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? "").TrimEnd('/');
        operation.OperationId ??= OperationId(description.HttpMethod ?? "GET", path);

        // [AsParameters] records bind their properties case-insensitively; the document uses the JSON spelling.
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { Name: { Length: > 0 } name } concrete && char.IsUpper(name[0]))
            {
                concrete.Name = char.ToLowerInvariant(name[0]) + name[1..];
            }
            if (parameter is OpenApiParameter { Name: "page" or "pageSize", Schema: OpenApiSchema schema } paging)
            {
                schema.Minimum = "1";
                if (paging.Name == "pageSize")
                {
                    schema.Maximum = PageRequest.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        if (anonymous)
        {
            operation.Security = [];
        }
        var sources = description.ParameterDescriptions.Select(p => p.Source).ToList();
        var hasBody = sources.Any(s => s == BindingSource.Body || s == BindingSource.Form || s == BindingSource.FormFile);
        var hasInput = hasBody || sources.Contains(BindingSource.Query);
        var namesRecord = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path
            || (p.Source == BindingSource.Query && p.Name.EndsWith("Id", StringComparison.OrdinalIgnoreCase)));

        operation.Responses ??= [];
        // A file answer (.Produces(200, contentType: …) without a type) keeps its content type, as binary.
        foreach (var produced in metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.Type is null || p.Type == typeof(void)))
        {
            if (operation.Responses.TryGetValue(produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response)
                && response is OpenApiResponse { Content: null or { Count: 0 } } file && produced.ContentTypes.Any())
            {
                file.Content = produced.ContentTypes.ToDictionary(c => c, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } });
            }
        }
        if (hasInput)
        {
            Add(operation, document, 400, "请求有误：errors 按字段列出中文原因", nameof(HttpValidationProblemDetails));
        }
        if (!anonymous)
        {
            Add(operation, document, 401, "未登录，或访问令牌无效、已过期");
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null))
            {
                Add(operation, document, 403, "账号没有该权限，或须先修改初始密码");
            }
        }
        if (namesRecord)
        {
            Add(operation, document, 404, "记录不存在或不在您的管辖范围内");
        }
        if (hasBody)
        {
            Add(operation, document, 415, "请求的内容类型不受支持");
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(operation, document, 429, "请求过于频繁，请稍后再试");
        }
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description, string schema = nameof(ProblemDetails))
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }
        EnsureSchema(document, schema);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
        };
    }

    /// <summary>The two problem schemas, written out once here for the routes whose own metadata did not bring them in.</summary>
    private static void EnsureSchema(OpenApiDocument document, string name)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(name))
        {
            return;
        }
        var text = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null };
        var problem = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = text,
                ["title"] = text,
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = text,
                ["instance"] = text,
            },
        };
        if (name == nameof(HttpValidationProblemDetails))
        {
            problem.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        document.Components.Schemas[name] = problem;
    }

    /// <summary>
    /// A property that may be null may also be left out (the binder reads a missing one as null), so it is not listed
    /// as required; the framework lists every constructor parameter.
    /// </summary>
    private static void OptionalWhenNullable(OpenApiSchema schema, System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        if (schema.Required is not { Count: > 0 } required)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsSetNullable);
            if (nullable)
            {
                required.Remove(property.Name);
            }
        }
    }

    private static string SchemaName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaName)) : type.Name;
        return type.IsNested && type.DeclaringType is { } declaring ? declaring.Name + name : name;
    }

    /// <summary>"POST /api/v1/organizations/{id}/move" → "postOrganizationsIdMove": unique, stable, derived from the route.</summary>
    public static string OperationId(string method, string path)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(path, ":[^}]*}", "}").Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s is not ("api" or "v1"))
            .SelectMany(s => s.Trim('{', '}').Split(['-', '.', '_', ':'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]);
        return method.ToLowerInvariant() + string.Concat(words);
    }

    /// <summary>`dotnet run -- openapi &lt;file&gt;`: writes the document without serving anything or touching the database.</summary>
    public static async Task WriteAsync(WebApplication app, string file)
    {
        // The routes reach the router (and so the API explorer) when the pipeline ends in UseEndpoints, which the host
        // does only when it starts serving; do it here instead.
        app.UseEndpoints(_ => { });
        var provider = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(Name);
        var document = await provider.GetOpenApiDocumentAsync();
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(writer));
        await File.WriteAllTextAsync(file, writer.ToString());
    }
}
