using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Study;

public static class StudyEndpoints
{
    public static void MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/study").WithTags("学习培训").RequirePermission(Permission.ManageMeetings);

        group.MapGet("/classes", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await ListTrainingClasses.Handle(organizationId, year, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<ListTrainingClasses.Row>>().ProducesValidationProblem().WithSummary("一个组织及其下级在一年中举办的培训班（最近的在前）");
        group.MapPost("/classes", async (CreateTrainingClass.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await CreateTrainingClass.Handle(request, db, scope, ct)).ToHttp(id => Results.Created($"/api/v1/study/classes/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("举办培训班：名称、主办单位、地点、起止日期、学时（以0.5学时为单位）");
        group.MapGet("/classes/{id:long}", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await GetTrainingClass.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetTrainingClass.Response>().WithSummary("一个培训班：学员名单、出勤和计入的学时");
        group.MapPost("/classes/{id:long}/participants", async (long id, AddTrainingParticipants.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await AddTrainingParticipants.Handle(id, request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("把举办组织及其下级的党员（逐个选择，或某组织的全部党员）和非党员学员（致富带头人等，只记姓名）加入学员名单");
        group.MapPut("/classes/{id:long}/attendance", async (long id, RecordTrainingAttendance.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await RecordTrainingAttendance.Handle(id, request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("登记学员出勤和学时（默认全部学时）；结业后更正时，原学时记录冲销并记入更正后的学时");
        group.MapPost("/classes/{id:long}/close", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await CloseTrainingClass.Handle(id, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("培训班结业（结业日已到、每名学员都已登记出勤）：党员学员的学时记入活动记录");

        group.MapGet("/hours", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await MemberStudyHours.Handle(organizationId, year, user, db, scope, rules, ct)).ToHttp(Results.Ok))
            .Produces<MemberStudyHours.Response>().ProducesValidationProblem()
            .WithSummary("一个组织及其下级党员一年的集中学习学时（培训班、送学上门）与年度学时要求（规则，注明依据）的对照：达标和未达标人数，学时最少的党员在前");

        group.MapGet("/home-visits", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await ListHomeStudy.Handle(organizationId, year, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<ListHomeStudy.Row>>().ProducesValidationProblem().WithSummary("一个组织及其下级一年中的送学上门记录");
        group.MapPost("/home-visits", async (RecordHomeStudy.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await RecordHomeStudy.Handle(request, db, scope, ct)).ToHttp(id => Results.Created($"/api/v1/study/home-visits/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("登记送学上门：给哪位年老体弱或患病的党员、谁去的、哪天、学了什么、多少学时（计入该党员学时，送学党员记一次服务）");
        group.MapPost("/home-visits/{id:long}/withdraw", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await WithdrawHomeStudy.Handle(id, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("撤销误登记的送学记录（记录保留并标明已撤销，相应学时冲销）");

        group.MapGet("/banks", async (long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await ListQuestionBanks.Handle(organizationId, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<ListQuestionBanks.Row>>().WithSummary("一个组织及其下级的题库");
        group.MapPost("/banks", async (CreateQuestionBank.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await CreateQuestionBank.Handle(request, db, scope, ct)).ToHttp(id => Results.Created($"/api/v1/study/banks/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().WithSummary("新建题库");
        group.MapGet("/banks/template.xlsx", async (CancellationToken ct) =>
                TypedResults.File(await QuestionSheet.TemplateAsync(ct), QuestionSheet.ContentType, "题库导入模板.xlsx"))
            .Produces(StatusCodes.Status200OK, null, QuestionSheet.ContentType)
            .WithSummary("题库导入模板（.xlsx）：题型（单选、多选、判断）、题目、选项A至F、答案（字母，判断题填对或错）、解析");
        group.MapGet("/banks/{id:long}", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await GetQuestionBank.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetQuestionBank.Response>().WithSummary("一个题库：各题型题数和题目（含答案）");
        group.MapPost("/banks/{id:long}/questions", async (long id, AddQuestions.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await AddQuestions.Handle(id, request, db, scope, ct)).ToHttp(n => Results.Ok(new QuestionsAdded(n))))
            .Produces<QuestionsAdded>().ProducesValidationProblem()
            .WithSummary("向题库添加题目；任何一题有误时逐题说明，全部不添加");
        group.MapPost("/banks/{id:long}/import", async (long id, IFormFile? file, AppDb db, Scope scope, CancellationToken ct) =>
                {
                    if (file is null)
                    {
                        return Outcome<int>.Invalid("file", "请选择题库文件（.xlsx）").ToHttp(_ => Results.Empty);
                    }
                    await using var content = file.OpenReadStream();
                    return (await ImportQuestions.Handle(id, content, db, scope, ct)).ToHttp(n => Results.Ok(new QuestionsAdded(n)));
                })
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ImportQuestions.MaxFileBytes + 64 * 1024))
            .Produces<QuestionsAdded>().ProducesValidationProblem()
            .WithSummary("从 .xlsx 导入题目（表单字段 file，格式同模板，不超过5 MB、2000题）；任何一行有误时逐行说明，全部不导入");
        group.MapDelete("/banks/{id:long}/questions/{questionId:long}", async (long id, long questionId, AppDb db, Scope scope, CancellationToken ct) =>
                (await RetireQuestion.Handle(id, questionId, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).WithSummary("停用一道题（不再抽取；已抽到这道题的试卷不受影响）");

        group.MapGet("/contests", async (long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await ListContests.Handle(organizationId, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<ListContests.Row>>().WithSummary("一个组织及其下级举办的知识竞赛");
        group.MapPost("/contests", async (CreateContest.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await CreateContest.Handle(request, db, scope, ct)).ToHttp(id => Results.Created($"/api/v1/study/contests/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("举办知识竞赛：面向举办组织及其下级的全体党员，从题库按题型随机抽题组卷，每题分值、答题时限和起止时间");
        group.MapGet("/contests/{id:long}", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await GetContest.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetContest.Response>().WithSummary("一次竞赛：试卷构成、应参赛人数、已答和已交卷人数、平均分");
        group.MapGet("/contests/{id:long}/ranking", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await ContestRanking.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<ContestRanking.Response>().WithSummary("竞赛排名：按得分，同分用时少者在前（前100名）");

        // A member's own part: their hours, the contests open to them, their paper.
        var mine = app.MapGroup("/api/v1/me").WithTags("学习培训").RequirePermission(Permission.AttendMeetings);
        mine.MapGet("/study", async (int? year, CurrentUser user, AppDb db, RuleBook rules, CancellationToken ct) =>
                (await MyStudy.Handle(year, user, db, rules, ct)).ToHttp(Results.Ok))
            .Produces<MyStudy.Response>().ProducesValidationProblem()
            .WithSummary("本人一年的集中学习学时（与年度要求对照）、每笔学时的来源，以及可参加的知识竞赛");
        mine.MapPost("/contests/{id:long}/paper", async (long id, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await Papers.StartAsync(id, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Papers.PaperView>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("开始答题：抽题组卷并开始计时；已开始的再次调用返回同一份试卷和剩余时间");
        mine.MapGet("/contests/{id:long}/paper", async (long id, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await Papers.GetAsync(id, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Papers.PaperView>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("本人的试卷：题目和剩余时间；交卷后含得分、每题正确答案和解析");
        mine.MapPost("/contests/{id:long}/paper/submit", async (long id, Papers.SubmitRequest request, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await Papers.SubmitAsync(id, request, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Papers.PaperView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("交卷：自动评分（多选题须全部选对才得分），只能交一次，超过答题时间的不予受理；得分记入活动记录");
        mine.MapGet("/contests/{id:long}/ranking", async (long id, CurrentUser user, AppDb db, Scope scope, CancellationToken ct) =>
                (await Papers.RankingAsync(id, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<ContestRanking.Response>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("竞赛排名（前100名）和本人的名次");
    }
}

public sealed record QuestionsAdded(int Added);
