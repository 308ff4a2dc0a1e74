using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DoubleReportIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActivitySignUps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SignedUpAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SignedInAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySignUps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportInRegistrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Offers = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ConfirmedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RequestedByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CardCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HeldKey = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportInRegistrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Quota = table.Column<int>(type: "INTEGER", nullable: false),
                    SignUpBy = table.Column<long>(type: "INTEGER", nullable: false),
                    SignedUp = table.Column<int>(type: "INTEGER", nullable: false),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceActivities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceHours",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CommunityId = table.Column<long>(type: "INTEGER", nullable: false),
                    CommunityPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ActivityId = table.Column<long>(type: "INTEGER", nullable: true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    From = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    To = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Hours = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    OutsideHours = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    What = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    VerifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceHours", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignUps_ActivityId_MemberId",
                table: "ActivitySignUps",
                columns: new[] { "ActivityId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignUps_MemberId",
                table: "ActivitySignUps",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportInRegistrations_CardCode",
                table: "ReportInRegistrations",
                column: "CardCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportInRegistrations_CommunityPath_State_Kind",
                table: "ReportInRegistrations",
                columns: new[] { "CommunityPath", "State", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportInRegistrations_HeldKey",
                table: "ReportInRegistrations",
                column: "HeldKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportInRegistrations_MemberId_State",
                table: "ReportInRegistrations",
                columns: new[] { "MemberId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportInRegistrations_OrgPath_State",
                table: "ReportInRegistrations",
                columns: new[] { "OrgPath", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceActivities_CommunityId_StartsAt",
                table: "ServiceActivities",
                columns: new[] { "CommunityId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceHours_ActivityId_MemberId",
                table: "ServiceHours",
                columns: new[] { "ActivityId", "MemberId" },
                unique: true,
                filter: "\"ActivityId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceHours_CommunityPath_State_Date",
                table: "ServiceHours",
                columns: new[] { "CommunityPath", "State", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceHours_MemberId_Date",
                table: "ServiceHours",
                columns: new[] { "MemberId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceHours_OrgPath_Date",
                table: "ServiceHours",
                columns: new[] { "OrgPath", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivitySignUps");

            migrationBuilder.DropTable(
                name: "ReportInRegistrations");

            migrationBuilder.DropTable(
                name: "ServiceActivities");

            migrationBuilder.DropTable(
                name: "ServiceHours");
        }
    }
}
