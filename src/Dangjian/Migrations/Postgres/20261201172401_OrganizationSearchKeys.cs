using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
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
                    OrganizationId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Initials = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C")
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
