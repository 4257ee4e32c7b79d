from core.web.menus import MenuItem, register

SECTION = "校友活动"
register(
    "backoffice",
    MenuItem("alumni_albums", "相册管理", "backoffice:alumni_albums:list", "alumni_albums.view_album", module="alumni", section=SECTION, order=340),
    MenuItem("alumni_albums_review", "相册审核", "backoffice:alumni_albums:review", "alumni_albums.review_album", module="alumni", section=SECTION, order=341),
    MenuItem("alumni_albums_faces", "人脸查找统计", "backoffice:alumni_albums:faces", "alumni_albums.view_face_statistics", module="alumni", section=SECTION,
             order=342),
)
register(
    "h5",
    MenuItem("h5_alumni_albums", "校友相册", "h5:alumni_albums:list", None, module="alumni", section="校友", order=35),
    MenuItem("h5_alumni_albums_faces", "找我的照片", "h5:alumni_albums:face", None, module="alumni", section="校友", order=36),
)
