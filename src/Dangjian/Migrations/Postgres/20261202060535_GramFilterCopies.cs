using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GramFilterCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "MemberNameGrams",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "MemberNameGrams",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Flags",
                table: "MemberNameGrams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "JoinedOn",
                table: "MemberNameGrams",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "MemberNameGrams",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // The windows copy their members' filtered and ordered columns: fill them before the indexes are built.
            migrationBuilder.Sql(
                """
                UPDATE "MemberNameGrams" AS g
                SET "Category" = m."Category", "Status" = m."Status", "JoinedOn" = m."JoinedOn", "BirthDate" = m."BirthDate",
                    "Flags" = (CASE WHEN m."IsMobile" THEN 1 ELSE 0 END) + (CASE WHEN m."LostContact" THEN 2 ELSE 0 END)
                        + (CASE WHEN m."IsAssisting" THEN 4 ELSE 0 END)
                        + (CASE m."WorkStatus" WHEN 'Serving' THEN 0 WHEN 'Retired' THEN 1 ELSE 2 END) * 8
                FROM "Members" AS m
                WHERE m."Id" = g."MemberId"
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Retired_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"WorkStatus\" = 'Retired'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Retired_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"WorkStatus\" = 'Retired'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Retired_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"WorkStatus\" = 'Retired'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Serving_BirthDate",
                table: "Members",
                columns: new[] { "BirthDate", "Id" },
                filter: "\"WorkStatus\" = 'Serving'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Serving_JoinedOn",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" },
                filter: "\"WorkStatus\" = 'Serving'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Serving_NamePinyin",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" },
                filter: "\"WorkStatus\" = 'Serving'")
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "Category", "Status", "Flags" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "OrgPath", "MemberId" })
                .Annotation("Npgsql:IndexInclude", new[] { "Category", "Status", "Flags", "JoinedOn", "BirthDate", "NamePinyin" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Retired_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Retired_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Retired_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Serving_BirthDate",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Serving_JoinedOn",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Serving_NamePinyin",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "JoinedOn",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "MemberNameGrams");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Assisting_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsAssisting\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_LostContact_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"LostContact\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Mobile_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"IsMobile\"")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Probationary_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Category\" = 'Probationary'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Reserved_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Reserved'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Stopped_OrgPath",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" },
                filter: "\"Status\" = 'Stopped'")
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "OrgPath", "MemberId" });
        }
    }
}
