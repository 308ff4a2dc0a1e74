using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResidentsAndWishes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Escalations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ByOrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Escalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PhoneVerifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PhoneHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhoneVerifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Residents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PhoneHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EnteredByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Residents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Wishes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidentName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ForWhom = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EstimatedCost = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CollectedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CollectedByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SuperviseFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastPressedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastSupervisedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimerKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ClaimerMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimerOrganizationId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimerOrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ClaimerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClaimerAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClaimedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FulfilmentNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FulfilledOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingComment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Wishes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WishTallies",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Sent = table.Column<int>(type: "INTEGER", nullable: false),
                    Claimed = table.Column<int>(type: "INTEGER", nullable: false),
                    Fulfilled = table.Column<int>(type: "INTEGER", nullable: false),
                    Open = table.Column<int>(type: "INTEGER", nullable: false),
                    Rated = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingSum = table.Column<long>(type: "INTEGER", nullable: false),
                    DaysSum = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WishTallies", x => x.OrganizationId);
                });

            migrationBuilder.CreateTable(
                name: "WishEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WishId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WishEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WishEvents_Wishes_WishId",
                        column: x => x.WishId,
                        principalTable: "Wishes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_OrgPath_On",
                table: "Escalations",
                columns: new[] { "OrgPath", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_SourceType_SourceId",
                table: "Escalations",
                columns: new[] { "SourceType", "SourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneVerifications_PhoneHash_Id",
                table: "PhoneVerifications",
                columns: new[] { "PhoneHash", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Residents_AccountId",
                table: "Residents",
                column: "AccountId",
                unique: true,
                filter: "\"AccountId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Residents_OrgPath_Id",
                table: "Residents",
                columns: new[] { "OrgPath", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Residents_PhoneHash",
                table: "Residents",
                column: "PhoneHash",
                unique: true,
                filter: "\"PhoneHash\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_ClaimerMemberId_State",
                table: "Wishes",
                columns: new[] { "ClaimerMemberId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_ClaimerOrganizationId_State",
                table: "Wishes",
                columns: new[] { "ClaimerOrganizationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_CollectedByAccountId_State",
                table: "Wishes",
                columns: new[] { "CollectedByAccountId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_OrgPath_Deadline",
                table: "Wishes",
                columns: new[] { "OrgPath", "Deadline" },
                filter: "\"Deadline\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_OrgPath_Id",
                table: "Wishes",
                columns: new[] { "OrgPath", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_ResidentId_Id",
                table: "Wishes",
                columns: new[] { "ResidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Wishes_State_OrgPath_Id",
                table: "Wishes",
                columns: new[] { "State", "OrgPath", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WishEvents_WishId_Id",
                table: "WishEvents",
                columns: new[] { "WishId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WishTallies_OrgPath",
                table: "WishTallies",
                column: "OrgPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Escalations");

            migrationBuilder.DropTable(
                name: "PhoneVerifications");

            migrationBuilder.DropTable(
                name: "Residents");

            migrationBuilder.DropTable(
                name: "WishEvents");

            migrationBuilder.DropTable(
                name: "WishTallies");

            migrationBuilder.DropTable(
                name: "Wishes");
        }
    }
}
