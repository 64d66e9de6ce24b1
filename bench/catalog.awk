# Prints N products as JSON lines for jollyjet-import (awk -v n=N -v from=K):
# names and descriptions drawn from small word lists, so each noun (e.g. "lamp")
# is in 1 of 40 descriptions and each of the 10 categories holds a tenth of them.
BEGIN {
    split("red blue green black white oak steel compact large vintage modern soft", adj, " ")
    split("lamp chair table desk sofa shelf rug mirror clock vase kettle pan knife mug plate bowl towel pillow blanket curtain " \
          "drill hammer saw ladder hose rake shovel bucket glove helmet book atlas novel pen pencil notebook folder stapler eraser ruler", noun, " ")
    split("Home Garden Books Office Tools Kitchen Sports Toys Music Outdoor", category, " ")
    split("living bedroom kitchen office garden garage hallway study", room, " ")
    if (from == "") from = 0
    for (i = from; i < from + n; i++) {
        a = adj[i % 12 + 1]; w = noun[i % 40 + 1]; c = category[int(i / 7) % 10 + 1]; r = room[int(i / 3) % 8 + 1]
        printf "{\"name\":\"%s %s %d\",\"description\":\"A %s %s for the %s, catalog item %d\",\"price\":%d.%02d,\"stock\":%d,\"category\":\"%s\",\"images\":[\"https://img.example.com/%d.jpg\"]}\n", \
            a, w, i, a, w, r, i, i % 500 + 1, i % 100, i % 50 + 1, c, i
    }
}
