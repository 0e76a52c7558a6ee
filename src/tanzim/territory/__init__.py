"""Morocco's official territorial division (HCP 2024): regions, provinces and prefectures, communes, arrondissements."""
