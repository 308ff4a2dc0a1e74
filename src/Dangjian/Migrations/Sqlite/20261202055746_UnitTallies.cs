using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnitTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CoveringIsJoint",
                table: "Units",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "HasMembers",
                table: "Units",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "InstructorCount",
                table: "Units",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "UnitTallies",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IsAboveScale = table.Column<bool>(type: "INTEGER", nullable: false),
                    Coverage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    JointBranchId = table.Column<long>(type: "INTEGER", nullable: false),
                    HasMembers = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasInstructor = table.Column<bool>(type: "INTEGER", nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    Instructors = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitTallies", x => new { x.OrganizationId, x.Kind, x.IsAboveScale, x.Coverage, x.JointBranchId, x.HasMembers, x.HasInstructor });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UnitTallies");

            migrationBuilder.DropColumn(
                name: "CoveringIsJoint",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "HasMembers",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "InstructorCount",
                table: "Units");
        }
    }
}
