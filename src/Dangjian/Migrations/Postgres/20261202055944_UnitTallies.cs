using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "HasMembers",
                table: "Units",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "InstructorCount",
                table: "Units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "UnitTallies",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IsAboveScale = table.Column<bool>(type: "boolean", nullable: false),
                    Coverage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    JointBranchId = table.Column<long>(type: "bigint", nullable: false),
                    HasMembers = table.Column<bool>(type: "boolean", nullable: false),
                    HasInstructor = table.Column<bool>(type: "boolean", nullable: false),
                    Units = table.Column<long>(type: "bigint", nullable: false),
                    Instructors = table.Column<long>(type: "bigint", nullable: false)
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
