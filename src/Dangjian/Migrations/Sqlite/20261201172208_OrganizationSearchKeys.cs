using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrganizationSearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OrganizationSearchKeys",
                columns: table => new
                {
                    OrganizationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Initials = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationSearchKeys", x => new { x.OrganizationId, x.Position });
                    table.ForeignKey(
                        name: "FK_OrganizationSearchKeys_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationSearchKeys_Initials_Path",
                table: "OrganizationSearchKeys",
                columns: new[] { "Initials", "Path" });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationSearchKeys_Name_Path",
                table: "OrganizationSearchKeys",
                columns: new[] { "Name", "Path" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganizationSearchKeys");
        }
    }
}
