using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MemberEvaluations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberEvaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberEvaluationEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EvaluationId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SelfAssessment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PeerReview = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    VotesFor = table.Column<int>(type: "INTEGER", nullable: true),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FollowUp = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberEvaluationEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberEvaluationEntries_MemberEvaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "MemberEvaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvaluationEntries_EvaluationId_MemberId",
                table: "MemberEvaluationEntries",
                columns: new[] { "EvaluationId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvaluations_OrganizationId_Year",
                table: "MemberEvaluations",
                columns: new[] { "OrganizationId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvaluations_OrgPath_Year",
                table: "MemberEvaluations",
                columns: new[] { "OrgPath", "Year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberEvaluationEntries");

            migrationBuilder.DropTable(
                name: "MemberEvaluations");
        }
    }
}
