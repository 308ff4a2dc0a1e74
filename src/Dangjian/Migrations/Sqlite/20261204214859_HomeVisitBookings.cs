using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HomeVisitBookings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Bookings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    ResidentName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ServiceKindId = table.Column<long>(type: "INTEGER", nullable: false),
                    KindName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SlotId = table.Column<long>(type: "INTEGER", nullable: false),
                    WorkerId = table.Column<long>(type: "INTEGER", nullable: false),
                    WorkerName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HeldSlotId = table.Column<long>(type: "INTEGER", nullable: true),
                    HeldWorkerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ForWhom = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AddressCipher = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    BookedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BookedByAccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reschedules = table.Column<int>(type: "INTEGER", nullable: false),
                    RescheduleReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CancelledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CompletionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DoneOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DoneBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    RatingComment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bookings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceKinds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Prepare = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceWorkers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceWorkers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrgPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    WorkerId = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceSlots_ServiceWorkers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "ServiceWorkers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_BookedByAccountId_State",
                table: "Bookings",
                columns: new[] { "BookedByAccountId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_HeldSlotId",
                table: "Bookings",
                column: "HeldSlotId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_HeldWorkerId_StartsAt",
                table: "Bookings",
                columns: new[] { "HeldWorkerId", "StartsAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_OrganizationId_State_StartsAt",
                table: "Bookings",
                columns: new[] { "OrganizationId", "State", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_OrgPath_State_StartsAt",
                table: "Bookings",
                columns: new[] { "OrgPath", "State", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_ResidentId_Id",
                table: "Bookings",
                columns: new[] { "ResidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_WorkerId_State_StartsAt",
                table: "Bookings",
                columns: new[] { "WorkerId", "State", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceKinds_OrgPath_Id",
                table: "ServiceKinds",
                columns: new[] { "OrgPath", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceSlots_OrganizationId_StartsAt",
                table: "ServiceSlots",
                columns: new[] { "OrganizationId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceSlots_WorkerId_StartsAt",
                table: "ServiceSlots",
                columns: new[] { "WorkerId", "StartsAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceWorkers_AccountId",
                table: "ServiceWorkers",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceWorkers_OrganizationId_Id",
                table: "ServiceWorkers",
                columns: new[] { "OrganizationId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Bookings");

            migrationBuilder.DropTable(
                name: "ServiceKinds");

            migrationBuilder.DropTable(
                name: "ServiceSlots");

            migrationBuilder.DropTable(
                name: "ServiceWorkers");
        }
    }
}
