using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MeetingRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_MeetingTallies",
                table: "MeetingTallies");

            migrationBuilder.AddColumn<int>(
                name: "Months",
                table: "MeetingTallies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "OrganizationId",
                table: "ActivityEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Lines written before the column: the organization whose path they carry.
            migrationBuilder.Sql("UPDATE \"ActivityEntries\" SET \"OrganizationId\" = COALESCE((SELECT o.\"Id\" FROM \"Organizations\" AS o WHERE o.\"Path\" = \"ActivityEntries\".\"OrgPath\"), 0)");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MeetingTallies",
                table: "MeetingTallies",
                columns: new[] { "OrganizationId", "Kind", "Months", "Month" });

            migrationBuilder.CreateTable(
                name: "MeetingDuties",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingDuties", x => new { x.OrganizationId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "MeetingDutyRollups",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Required = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingDutyRollups", x => new { x.OrganizationId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "MeetingRollups",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Held = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingRollups", x => new { x.OrganizationId, x.Kind, x.Months, x.Month });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingDuties");

            migrationBuilder.DropTable(
                name: "MeetingDutyRollups");

            migrationBuilder.DropTable(
                name: "MeetingRollups");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MeetingTallies",
                table: "MeetingTallies");

            migrationBuilder.DropColumn(
                name: "Months",
                table: "MeetingTallies");

            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "ActivityEntries");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MeetingTallies",
                table: "MeetingTallies",
                columns: new[] { "OrganizationId", "Kind", "Month" });
        }
    }
}
