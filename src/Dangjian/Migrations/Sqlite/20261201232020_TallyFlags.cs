using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TallyFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The rows without flags cannot be split by flag: they are emptied here and counted again from the members by
            // MemberTallyBackfill, which `migrate` runs after the migrations.
            migrationBuilder.Sql("DELETE FROM \"MemberTallies\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MemberTallies",
                table: "MemberTallies");

            migrationBuilder.AddColumn<int>(
                name: "Flags",
                table: "MemberTallies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_MemberTallies",
                table: "MemberTallies",
                columns: new[] { "OrganizationId", "Category", "Status", "Flags" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Rows differing only by flags would collide once the column is gone; the older version recounts nothing, so
            // its tallies stay empty until recomputed.
            migrationBuilder.Sql("DELETE FROM \"MemberTallies\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_MemberTallies",
                table: "MemberTallies");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "MemberTallies");

            migrationBuilder.AddPrimaryKey(
                name: "PK_MemberTallies",
                table: "MemberTallies",
                columns: new[] { "OrganizationId", "Category", "Status" });
        }
    }
}
